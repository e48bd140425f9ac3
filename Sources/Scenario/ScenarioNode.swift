internal import Yams

/// A scenario document as a tree whose every node remembers where it came from.
///
/// YAML is parsed with Yams (libyaml) and converted to this tree so that command-line overrides
/// (`--set key.path=value`) can be merged in with their own origin, and so that the layers above see
/// plain values, never the YAML library.
public indirect enum ScenarioNode: Sendable {
  /// A scalar exactly as written (YAML's plain, quoted or block text).
  case scalar(String, SourceLocation)
  /// An ordered mapping with string keys.
  case mapping([(key: String, keyLocation: SourceLocation, value: ScenarioNode)], SourceLocation)
  /// A sequence.
  case sequence([ScenarioNode], SourceLocation)

  /// Where the node starts.
  public var location: SourceLocation {
    switch self {
    case .scalar(_, let l), .mapping(_, let l), .sequence(_, let l): l
    }
  }

  /// The value for `key` if this is a mapping.
  public subscript(key: String) -> ScenarioNode? {
    guard case .mapping(let entries, _) = self else { return nil }
    return entries.first { $0.key == key }?.value
  }

  /// Parses YAML text.
  ///
  /// - Throws: ``ScenarioError`` naming the file, line and column of a syntax error, or of a
  ///   non-string mapping key.
  public static func parse(yaml text: String, file: String) throws(ScenarioError) -> ScenarioNode {
    let root: Node?
    do {
      root = try Yams.compose(yaml: text)
    } catch let error as YamlError {
      throw ScenarioError(issues: [issue(for: error, file: file)])
    } catch {
      throw ScenarioError(issues: [ScenarioIssue(location: SourceLocation(file: file, line: 0, column: 0), keyPath: "", message: "\(error)")])
    }
    guard let root else {
      throw ScenarioError(issues: [ScenarioIssue(location: SourceLocation(file: file, line: 1, column: 1), keyPath: "", message: "the file is empty; expected a mapping with a `model:` key")])
    }
    var issues: [ScenarioIssue] = []
    let node = convert(root, file: file, path: "", issues: &issues)
    if !issues.isEmpty { throw ScenarioError(issues: issues) }
    return node
  }

  private static func location(_ mark: Mark?, _ file: String) -> SourceLocation {
    SourceLocation(file: file, line: mark?.line ?? 0, column: mark?.column ?? 0)
  }

  private static func convert(_ node: Node, file: String, path: String, issues: inout [ScenarioIssue]) -> ScenarioNode {
    switch node {
    case .scalar(let scalar):
      return .scalar(scalar.string, location(scalar.mark, file))
    case .sequence(let sequence):
      let items = sequence.enumerated().map { index, item in
        convert(item, file: file, path: "\(path)[\(index)]", issues: &issues)
      }
      return .sequence(items, location(sequence.mark, file))
    case .mapping(let mapping):
      var entries: [(key: String, keyLocation: SourceLocation, value: ScenarioNode)] = []
      for (key, value) in mapping {
        let keyLocation = location(key.mark, file)
        guard case .scalar(let keyScalar) = key else {
          issues.append(ScenarioIssue(location: keyLocation, keyPath: path, message: "mapping keys must be plain words"))
          continue
        }
        let childPath = path.isEmpty ? keyScalar.string : "\(path).\(keyScalar.string)"
        entries.append((keyScalar.string, keyLocation, convert(value, file: file, path: childPath, issues: &issues)))
      }
      return .mapping(entries, location(mapping.mark, file))
    case .alias(let alias):
      // Yams resolves aliases while composing; an unresolved one cannot be read.
      issues.append(ScenarioIssue(location: location(alias.mark, file), keyPath: path, message: "unresolved YAML alias"))
      return .scalar("", location(alias.mark, file))
    }
  }

  private static func issue(for error: YamlError, file: String) -> ScenarioIssue {
    switch error {
    case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
      return ScenarioIssue(location: location(mark, file), keyPath: "", message: "YAML syntax: \(problem)")
    case .duplicatedKeysInMapping(let duplicates, let context):
      let names = duplicates.sorted()
      return ScenarioIssue(
        location: location(context.mark, file), keyPath: names.joined(separator: ", "),
        message: "duplicate key (given more than once in this mapping; keep one)")
    default:
      return ScenarioIssue(location: SourceLocation(file: file, line: 0, column: 0), keyPath: "", message: "YAML: \(error)")
    }
  }

  /// Returns the tree with `value` set at the dotted `keyPath` (creating mappings on the way), as a
  /// `--set` override does.
  public func setting(_ keyPath: String, to value: ScenarioNode) -> ScenarioNode {
    let parts = keyPath.split(separator: ".").map(String.init)
    return Self.set(parts[...], value, in: self)
  }

  private static func set(_ parts: ArraySlice<String>, _ value: ScenarioNode, in node: ScenarioNode) -> ScenarioNode {
    guard let first = parts.first else { return value }
    var entries: [(key: String, keyLocation: SourceLocation, value: ScenarioNode)] = []
    var location = value.location
    if case .mapping(let existing, let l) = node {
      entries = existing
      location = l
    }
    if let index = entries.firstIndex(where: { $0.key == first }) {
      entries[index].value = set(parts.dropFirst(), value, in: entries[index].value)
    } else {
      entries.append((first, value.location, set(parts.dropFirst(), value, in: .mapping([], value.location))))
    }
    return .mapping(entries, location)
  }
}
