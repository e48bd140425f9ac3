internal import SimKernel

/// A parameter study over scenario keys: which points to run.
///
/// Written in the scenario file:
/// ```yaml
/// sweep:
///   design: grid               # grid | list | latin-hypercube | monte-carlo
///   parameters:
///     parameters.compressor.flow: [90 kg/h, 120 kg/h, 150 kg/h]      # grid and list: values
///     parameters.demand.arrival_rate: {min: 6 1/h, max: 14 1/h}      # hypercube and Monte Carlo: ranges
///   points: 20                 # hypercube and Monte Carlo
///   seed: 7                    # the design's own random stream
/// ```
/// Grid takes the Cartesian product (first key slowest), list takes the i-th value of every key, the
/// Latin hypercube stratifies each range into `points` equal bins and pairs them by random permutations
/// (McKay, Beckman and Conover, Technometrics 21 (1979) 239), Monte Carlo draws uniformly; both draw
/// from the GSL stream "sweep design" of `seed`, so a design is the same on every machine.
public struct SweepDesign: Sendable {
  /// How points are formed.
  public enum Kind: String, Sendable, CaseIterable {
    case grid, list
    case latinHypercube = "latin-hypercube"
    case monteCarlo = "monte-carlo"
  }

  /// The design.
  public let kind: Kind
  /// The swept key paths, in the order written.
  public let keys: [String]
  /// Every point as `--set` overrides (key path -> value text), in a fixed order.
  public let points: [[(key: String, value: String)]]

  /// Reads the `sweep:` section of a scenario, checking the keys against the model's schema.
  ///
  /// - Throws: ``ScenarioError`` naming the offending line and key.
  public static func read(from path: String) throws(ScenarioError) -> SweepDesign {
    let text: String
    do {
      text = try String(contentsOfFile: path, encoding: .utf8)
    } catch {
      throw ScenarioError(issues: [ScenarioIssue(location: SourceLocation(file: path, line: 0, column: 0), keyPath: "sweep", message: "cannot read the file")])
    }
    let root = try ScenarioNode.parse(yaml: text, file: path)
    guard let sweep = root["sweep"] else {
      throw ScenarioError(issues: [ScenarioIssue(location: root.location, keyPath: "sweep", message: "the scenario has no `sweep:` section")])
    }
    return try read(sweep, model: root["model"])
  }

  static func read(_ node: ScenarioNode, model: ScenarioNode?) throws(ScenarioError) -> SweepDesign {
    var issues: [ScenarioIssue] = []
    func fail(_ at: ScenarioNode, _ key: String, _ message: String) {
      issues.append(ScenarioIssue(location: at.location, keyPath: key, message: message))
    }
    guard case .mapping = node else {
      throw ScenarioError(issues: [ScenarioIssue(location: node.location, keyPath: "sweep", message: "expected a mapping with design and parameters")])
    }
    var kind = Kind.grid
    if case .scalar(let word, _) = node["design"] ?? .scalar("grid", node.location) {
      if let parsed = Kind(rawValue: word) { kind = parsed } else {
        fail(node["design"]!, "sweep.design", "'\(word)' is not one of: \(Kind.allCases.map(\.rawValue).joined(separator: ", "))")
      }
    }
    let count = node["points"]?.scalarText.flatMap { Int($0) }
    let seed = node["seed"]?.scalarText.flatMap { UInt64($0) } ?? 1
    guard case .mapping(let entries, _) = node["parameters"] ?? .scalar("", node.location) else {
      fail(node, "sweep.parameters", "expected a mapping of key paths to values or ranges")
      throw ScenarioError(issues: issues)
    }
    let modelFields = model?.scalarText.flatMap { ModelCatalog.model(named: $0)?.fields } ?? []
    var values: [(key: String, texts: [String])] = []
    var ranges: [(key: String, lower: Double, upper: Double, unit: String)] = []
    for entry in entries {
      let key = "sweep.parameters.\(entry.key)"
      switch (kind, entry.value) {
      case (.grid, .sequence(let items, _)), (.list, .sequence(let items, _)):
        let texts = items.compactMap(\.scalarText)
        if texts.count != items.count || texts.isEmpty { fail(entry.value, key, "expected a non-empty list of values") }
        values.append((entry.key, texts))
      case (.latinHypercube, .mapping), (.monteCarlo, .mapping):
        guard let field = Self.field(at: entry.key, in: modelFields), case .quantity(let dimension) = field.kind,
          case .scalar(let low, _)? = entry.value["min"], case .scalar(let high, _)? = entry.value["max"]
        else {
          fail(entry.value, key, "expected {min: ..., max: ...} for a quantity of the model (under parameters.)")
          continue
        }
        do {
          let lower = try parseQuantity(low, dimension: dimension, unitFromKey: nil)
          let upper = try parseQuantity(high, dimension: dimension, unitFromKey: nil)
          if lower < upper { ranges.append((entry.key, lower, upper, dimension.siUnit)) } else { fail(entry.value, key, "min must lie below max") }
        } catch {
          fail(entry.value, key, "min and max need \(dimension.rawValue) units, e.g. '\(low) \(dimension.siUnit)'")
        }
      default:
        fail(entry.value, key, kind == .grid || kind == .list ? "expected a list of values" : "expected {min: ..., max: ...}")
      }
    }
    if kind == .list, Set(values.map(\.texts.count)).count > 1 {
      fail(node["parameters"]!, "sweep.parameters", "a list design needs the same number of values for every key")
    }
    if (kind == .latinHypercube || kind == .monteCarlo), (count ?? 0) < 1 {
      fail(node, "sweep.points", "a \(kind.rawValue) design needs `points:` (a positive whole number)")
    }
    if !issues.isEmpty { throw ScenarioError(issues: issues) }

    var points: [[(key: String, value: String)]] = []
    switch kind {
    case .grid:
      points = [[]]
      for (key, texts) in values { points = points.flatMap { point in texts.map { point + [(key, $0)] } } }
    case .list:
      let n = values.first?.texts.count ?? 0
      points = (0..<n).map { i in values.map { ($0.key, $0.texts[i]) } }
    case .latinHypercube, .monteCarlo:
      let random = RandomStreams(seed: seed).stream("sweep design")
      let n = count!
      var columns: [[Double]] = []
      for _ in ranges {
        if kind == .monteCarlo {
          columns.append((0..<n).map { _ in random.uniform() })
        } else {
          // Fisher-Yates shuffle of the strata (Knuth TAOCP vol. 2, algorithm 3.4.2 P).
          var strata = Array(0..<n)
          for i in stride(from: n - 1, to: 0, by: -1) { strata.swapAt(i, min(i, Int(random.uniform() * Double(i + 1)))) }
          columns.append(strata.map { (Double($0) + random.uniform()) / Double(n) })
        }
      }
      points = (0..<n).map { i in
        ranges.enumerated().map { d, range in
          (range.key, "\(range.lower + columns[d][i] * (range.upper - range.lower)) \(range.unit)")
        }
      }
    }
    return SweepDesign(kind: kind, keys: values.map(\.key) + ranges.map(\.key), points: points)
  }

  /// The field a `parameters.a.b` key path names in a model's schema.
  static func field(at path: String, in fields: [Field]) -> Field? {
    var parts = path.split(separator: ".").map(String.init)
    guard parts.first == "parameters" else { return nil }
    parts.removeFirst()
    var current = fields
    for (i, part) in parts.enumerated() {
      guard let field = current.first(where: { $0.name == part }) else { return nil }
      if i == parts.count - 1 { return field }
      guard case .section(let children) = field.kind else { return nil }
      current = children
    }
    return nil
  }
}

extension ScenarioNode {
  /// The text of a scalar node, `nil` for mappings and sequences.
  var scalarText: String? {
    if case .scalar(let text, _) = self { return text }
    return nil
  }
}
