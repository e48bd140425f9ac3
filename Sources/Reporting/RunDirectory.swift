import Foundation

/// The directory of one run, written atomically: files go to `<path>.partial` and appear under `<path>`
/// only when ``commit()`` renames the whole directory. A failed run stays as `<path>.partial` with an
/// `INCOMPLETE.txt` saying why, and an existing complete run at `<path>` is never overwritten.
public final class RunDirectory {
  /// Where the complete run will be.
  public let path: String
  /// Where files are written until commit.
  public let workingPath: String
  private var writers: [CSVWriter] = []

  /// Starts a run directory at `path`.
  ///
  /// - Throws: ``ReportingError/alreadyExists(_:)`` if `path` exists.
  public init(path: String) throws {
    self.path = path
    workingPath = path + ".partial"
    let files = FileManager.default
    if files.fileExists(atPath: path) { throw ReportingError.alreadyExists(path) }
    if files.fileExists(atPath: workingPath) { try files.removeItem(atPath: workingPath) }
    try files.createDirectory(atPath: workingPath, withIntermediateDirectories: true)
  }

  /// Creates a CSV file in the run.
  public func csv(_ name: String, header: [String]) throws -> CSVWriter {
    let writer = try CSVWriter(path: "\(workingPath)/\(name)", header: header)
    writers.append(writer)
    return writer
  }

  /// Writes a whole text file in the run.
  public func write(_ name: String, _ text: String) throws {
    try Data(text.utf8).write(to: URL(fileURLWithPath: "\(workingPath)/\(name)"))
  }

  /// Closes every file and moves the run to its final name.
  public func commit() throws {
    for writer in writers { try writer.close() }
    writers.removeAll()
    try FileManager.default.moveItem(atPath: workingPath, toPath: path)
  }

  /// Leaves the partial run in place, marked with the reason it is incomplete.
  public func abandon(reason: String) {
    for writer in writers { try? writer.close() }
    writers.removeAll()
    try? write("INCOMPLETE.txt", "This run did not complete: \(reason)\n")
  }
}

/// Writes `text` to `path` through a temporary file and a rename, so the file is either absent or
/// complete (POSIX `rename` is atomic within a file system).
public func writeFileAtomically(_ path: String, _ text: String) throws {
  let temporary = path + ".tmp"
  try Data(text.utf8).write(to: URL(fileURLWithPath: temporary))
  if FileManager.default.fileExists(atPath: path) { try FileManager.default.removeItem(atPath: path) }
  try FileManager.default.moveItem(atPath: temporary, toPath: path)
}

/// Renders one CSV document (header and rows) as ``CSVWriter`` would write it.
public func renderCSV(header: [String], rows: [[CSVField]]) -> String {
  var lines = [header.map { CSVField.text($0).rendered }.joined(separator: ",")]
  for row in rows { lines.append(row.map(\.rendered).joined(separator: ",")) }
  return lines.joined(separator: "\n") + "\n"
}
