/// One parameter a model kind accepts: its key, type, unit, default, physical range and meaning, as data
/// (in the spirit of PyPSA's component attribute tables).
public struct Field: Sendable {
  /// What kind of value the key takes.
  public indirect enum Kind: Sendable {
    /// A physical quantity, stored in the dimension's SI unit.
    case quantity(PhysicalDimension)
    /// A whole number.
    case integer
    /// Free text.
    case text
    /// `true` or `false`.
    case flag
    /// One of the listed words.
    case choice([String])
    /// A nested mapping of fields.
    case section([Field])
  }

  /// The key.
  public let name: String
  /// The value's kind.
  public let kind: Kind
  /// The default (in SI for quantities), or `nil` if the key is required.
  public let defaultValue: FieldValue?
  /// Allowed values, in SI for quantities (checked after conversion).
  public let range: ClosedRange<Double>?
  /// One line on what it means, with its source where it has one.
  public let summary: String

  /// Creates a field.
  public init(
    _ name: String, _ kind: Kind, default defaultValue: FieldValue? = nil, range: ClosedRange<Double>? = nil,
    _ summary: String
  ) {
    self.name = name
    self.kind = kind
    self.defaultValue = defaultValue
    self.range = range
    self.summary = summary
  }
}

/// A validated value.
public enum FieldValue: Sendable, Equatable, CustomStringConvertible {
  case number(Double)
  case integer(Int)
  case text(String)
  case flag(Bool)

  /// The value as written back (numbers round-trip exactly).
  public var description: String {
    switch self {
    case .number(let x): "\(x)"
    case .integer(let n): "\(n)"
    case .text(let s): s
    case .flag(let b): "\(b)"
    }
  }
}

/// The values of a validated scenario section, by dotted key path (quantities in SI).
public struct ResolvedValues: Sendable, Equatable {
  /// Key path -> value.
  public var values: [String: FieldValue]

  /// The number at `path` (a quantity in SI, or an integer).
  public func number(_ path: String) -> Double {
    switch values[path] {
    case .number(let x): x
    case .integer(let n): Double(n)
    default: preconditionFailure("\(path) is not a validated number")
    }
  }

  /// The integer at `path`.
  public func integer(_ path: String) -> Int {
    guard case .integer(let n) = values[path] else { preconditionFailure("\(path) is not a validated integer") }
    return n
  }

  /// The text (or choice) at `path`.
  public func text(_ path: String) -> String {
    guard case .text(let s) = values[path] else { preconditionFailure("\(path) is not validated text") }
    return s
  }

  /// The flag at `path`.
  public func flag(_ path: String) -> Bool {
    guard case .flag(let b) = values[path] else { preconditionFailure("\(path) is not a validated flag") }
    return b
  }
}

/// Checks a scenario mapping against fields and collects every problem (never stopping at the first).
public enum SchemaValidator {
  /// Validates `node` (a mapping) against `fields`; values end up under `prefix.key`.
  public static func validate(
    _ node: ScenarioNode, fields: [Field], prefix: String = "", into resolved: inout ResolvedValues,
    issues: inout [ScenarioIssue]
  ) {
    guard case .mapping(let entries, let location) = node else {
      issues.append(ScenarioIssue(location: node.location, keyPath: prefix, message: "expected a mapping of keys to values"))
      return
    }
    var seen: Set<String> = []
    for entry in entries {
      let path = prefix.isEmpty ? entry.key : "\(prefix).\(entry.key)"
      guard let (field, unitFromKey) = match(entry.key, in: fields) else {
        let names = fields.map(\.name)
        var message = "unknown key"
        if let suggestion = closest(entry.key, among: names) { message += "; did you mean '\(suggestion)'?" }
        message += (message.hasSuffix("?") ? " " : ". ") + "Expected one of: \(names.joined(separator: ", "))"
        issues.append(ScenarioIssue(location: entry.keyLocation, keyPath: path, message: message))
        continue
      }
      let fieldPath = prefix.isEmpty ? field.name : "\(prefix).\(field.name)"
      if !seen.insert(field.name).inserted {
        issues.append(ScenarioIssue(location: entry.keyLocation, keyPath: fieldPath, message: "given twice (with and without a unit in the key)"))
        continue
      }
      check(entry.value, field: field, unitFromKey: unitFromKey, path: fieldPath, into: &resolved, issues: &issues)
    }
    for field in fields where !seen.contains(field.name) {
      let path = prefix.isEmpty ? field.name : "\(prefix).\(field.name)"
      if case .section(let children) = field.kind {
        validate(.mapping([], location), fields: children, prefix: path, into: &resolved, issues: &issues)
      } else if let value = field.defaultValue {
        resolved.values[path] = value
      } else {
        issues.append(ScenarioIssue(location: location, keyPath: path, message: "missing required key (\(field.summary))"))
      }
    }
  }

  /// Finds the field a key names, directly or with a unit suffix (`volume_m3` for `volume`).
  static func match(_ key: String, in fields: [Field]) -> (Field, PhysicalUnit?)? {
    if let field = fields.first(where: { $0.name == key }) { return (field, nil) }
    for field in fields {
      guard case .quantity(let dimension) = field.kind, key.hasPrefix(field.name + "_") else { continue }
      let symbol = PhysicalUnit.symbol(forKeySuffix: String(key.dropFirst(field.name.count + 1)))
      if let unit = PhysicalUnit.table[symbol], unit.dimension == dimension { return (field, unit) }
    }
    return nil
  }

  private static func check(
    _ node: ScenarioNode, field: Field, unitFromKey: PhysicalUnit?, path: String, into resolved: inout ResolvedValues,
    issues: inout [ScenarioIssue]
  ) {
    func fail(_ message: String) { issues.append(ScenarioIssue(location: node.location, keyPath: path, message: message)) }
    if case .section(let children) = field.kind {
      validate(node, fields: children, prefix: path, into: &resolved, issues: &issues)
      return
    }
    guard case .scalar(let text, _) = node else {
      fail("expected a single value, found a \(node.kindName)")
      return
    }
    switch field.kind {
    case .quantity(let dimension):
      do {
        let value = try parseQuantity(text, dimension: dimension, unitFromKey: unitFromKey)
        if let range = field.range, !range.contains(value) {
          let bounds = dimension == .fraction
            ? "\(range.lowerBound * 100) % to \(range.upperBound * 100) %"
            : "\(range.lowerBound) to \(range.upperBound) \(dimension.siUnit)"
          fail("\(text) is out of range: expected \(bounds)")
        } else {
          resolved.values[path] = .number(value)
        }
      } catch {
        switch error {
        case .notANumber:
          fail("expected a number with a \(dimension.rawValue) unit (e.g. '\(example(dimension))'), found '\(text)'")
        case .missingUnit:
          fail("'\(text)' needs a unit: write e.g. '\(example(dimension))', or put the unit in the key (\(field.name)_\(keyExample(dimension)))")
        case .unknownUnit(let symbol):
          fail("unknown unit '\(symbol)' for a \(dimension.rawValue); known: \(knownUnits(dimension))")
        case .wrongDimension(let symbol, let other):
          fail("'\(symbol)' is a unit of \(other.rawValue), expected a \(dimension.rawValue) (\(knownUnits(dimension)))")
        }
      }
    case .integer:
      guard let n = Int(text.trimmingWhitespace()) else { return fail("expected a whole number, found '\(text)'") }
      if let range = field.range, !range.contains(Double(n)) {
        return fail("\(n) is out of range: expected \(Int(range.lowerBound)) to \(Int(range.upperBound))")
      }
      resolved.values[path] = .integer(n)
    case .flag:
      switch text.trimmingWhitespace().lowercased() {
      case "true", "yes", "on": resolved.values[path] = .flag(true)
      case "false", "no", "off": resolved.values[path] = .flag(false)
      default: fail("expected true or false, found '\(text)'")
      }
    case .choice(let options):
      let word = text.trimmingWhitespace()
      guard options.contains(word) else {
        var message = "'\(word)' is not one of: \(options.joined(separator: ", "))"
        if let suggestion = closest(word, among: options) { message += "; did you mean '\(suggestion)'?" }
        return fail(message)
      }
      resolved.values[path] = .text(word)
    case .text:
      resolved.values[path] = .text(text)
    case .section:
      break
    }
  }

  private static func example(_ dimension: PhysicalDimension) -> String {
    switch dimension {
    case .time: "15 min"
    case .power: "35.75 kWp"
    case .energy: "200 kWh"
    case .pressure: "45 MPa"
    case .mass: "12 kg"
    case .volume: "4 m3"
    case .massFlow: "120 kg/h"
    case .temperature: "288.15 K"
    case .length: "12 m"
    case .speed: "1.5 m/s"
    case .rate: "10 1/h"
    case .fraction: "30 %"
    case .current: "50 A"
    case .voltage: "48 V"
    case .area: "50.6 cm2"
    case .angle: "25 deg"
    case .money: "120 CNY"
    case .energyPrice: "0.65 CNY/kWh"
    case .massPrice: "35 CNY/kg"
    case .powerPrice: "40 CNY/kW"
    case .emissionIntensity: "0.57 kg/kWh"
    case .currentDensity: "1 A/cm2"
    case .areaResistance: "40 mohm*cm2"
    case .specificEnergy: "55 kWh/kg"
    case .energyPerLength: "0.05 Wh/m"
    case .coefficient: "4e-9"
    }
  }

  private static func keyExample(_ dimension: PhysicalDimension) -> String {
    example(dimension).split(separator: " ").last.map { $0.replacingSlashes() } ?? dimension.siUnit
  }

  private static func knownUnits(_ dimension: PhysicalDimension) -> String {
    PhysicalUnit.table.filter { $0.value.dimension == dimension }.keys.sorted().joined(separator: ", ")
  }

  /// The candidate within edit distance max(2, n/3) of `word`, if any (Levenshtein distance).
  static func closest(_ word: String, among candidates: [String]) -> String? {
    let limit = max(2, word.count / 3)
    let scored = candidates.map { ($0, editDistance(word.lowercased(), $0.lowercased())) }
    guard let best = scored.min(by: { $0.1 < $1.1 }), best.1 <= limit else { return nil }
    return best.0
  }

  /// Levenshtein distance by the two-row dynamic programme (Wagner and Fischer 1974).
  static func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
    if a.isEmpty { return b.count }
    var previous = Array(0...b.count)
    var current = previous
    for i in 1...a.count {
      current[0] = i
      for j in stride(from: 1, through: b.count, by: 1) {
        current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
      }
      swap(&previous, &current)
    }
    return previous[b.count]
  }
}

extension Field.Kind {
  /// A word for the kind, for documentation.
  public var label: String {
    switch self {
    case .quantity(let dimension): dimension.rawValue
    case .integer: "integer"
    case .text: "text"
    case .flag: "true/false"
    case .choice: "choice"
    case .section: "section"
    }
  }
}

extension ScenarioNode {
  var kindName: String {
    switch self {
    case .scalar: "value"
    case .mapping: "mapping"
    case .sequence: "list"
    }
  }
}

extension Substring {
  func replacingSlashes() -> String { split(separator: "/", omittingEmptySubsequences: false).joined(separator: "_per_") }
}
