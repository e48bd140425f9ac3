/// A position in a scenario's source: a file, line and column (1-based), or the command line.
public struct SourceLocation: Sendable, Equatable, CustomStringConvertible {
  /// The file's path, or `"command line"` for `--set` overrides.
  public var file: String
  /// 1-based line, 0 when unknown.
  public var line: Int
  /// 1-based column, 0 when unknown.
  public var column: Int

  /// Creates a location.
  public init(file: String, line: Int, column: Int) {
    self.file = file
    self.line = line
    self.column = column
  }

  /// `file:line:column`, the form editors jump to.
  public var description: String { line > 0 ? "\(file):\(line):\(column)" : file }
}

/// One problem found in a scenario: where, which key, what was found, what was expected.
public struct ScenarioIssue: Sendable, Equatable, CustomStringConvertible {
  /// Where the offending value (or the mapping missing a key) is.
  public var location: SourceLocation
  /// The dotted key path, e.g. `buffer.volume`.
  public var keyPath: String
  /// What is wrong and what was expected.
  public var message: String

  /// Creates an issue.
  public init(location: SourceLocation, keyPath: String, message: String) {
    self.location = location
    self.keyPath = keyPath
    self.message = message
  }

  /// `file:line:column: key.path: message`.
  public var description: String { "\(location): \(keyPath.isEmpty ? "(document)" : keyPath): \(message)" }
}

/// A scenario that cannot be run as written, with every problem found in it.
public struct ScenarioError: Error, Sendable, CustomStringConvertible {
  /// All problems, in document order.
  public var issues: [ScenarioIssue]

  /// Creates the error.
  public init(issues: [ScenarioIssue]) { self.issues = issues }

  /// One issue per line.
  public var description: String {
    let count = issues.count == 1 ? "1 problem" : "\(issues.count) problems"
    return "\(count):\n" + issues.map { "  \($0)" }.joined(separator: "\n")
  }
}
