import Foundation

/// A value in a CSV cell.
public enum CSVField: Sendable, Equatable {
  case number(Double)
  case integer(Int)
  case text(String)

  /// The cell's text: numbers in Swift's shortest round-trip form (so reading them back gives the same
  /// bits on any machine), text quoted per RFC 4180 when it holds a comma, quote or line break.
  public var rendered: String {
    switch self {
    case .number(let x): x.isFinite ? "\(x)" : (x.isNaN ? "nan" : (x > 0 ? "inf" : "-inf"))
    case .integer(let n): "\(n)"
    case .text(let s):
      s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
        ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }
  }
}

/// Streams rows of one CSV file (RFC 4180: comma separated, CRLF-free `\n` line ends are accepted by the
/// RFC's readers; one header row; UTF-8) to disk through a buffer, so memory stays flat however long the
/// run.
public final class CSVWriter {
  private let handle: FileHandle
  private var buffer: [UInt8] = []
  /// The column names, with units in them (`p_grid_kw`).
  public let header: [String]
  private let flushThreshold = 1 << 16

  /// Creates `path` (replacing nothing: the file must not exist) and writes the header.
  public init(path: String, header: [String]) throws {
    guard FileManager.default.createFile(atPath: path, contents: nil),
      let handle = FileHandle(forWritingAtPath: path)
    else { throw ReportingError.cannotCreate(path) }
    self.handle = handle
    self.header = header
    try writeRow(header.map(CSVField.text))
  }

  /// Appends a row.
  public func writeRow(_ fields: [CSVField]) throws {
    precondition(fields.count == header.count, "row has \(fields.count) fields, header \(header.count)")
    for (i, field) in fields.enumerated() {
      if i > 0 { buffer.append(UInt8(ascii: ",")) }
      buffer.append(contentsOf: field.rendered.utf8)
    }
    buffer.append(UInt8(ascii: "\n"))
    if buffer.count >= flushThreshold { try flush() }
  }

  /// Writes buffered rows to disk.
  public func flush() throws {
    guard !buffer.isEmpty else { return }
    try handle.write(contentsOf: buffer)
    buffer.removeAll(keepingCapacity: true)
  }

  /// Flushes and closes the file.
  public func close() throws {
    try flush()
    try handle.close()
  }
}

/// Reads a CSV document written by ``CSVWriter`` (RFC 4180 quoting) into rows of fields.
public func parseCSV(_ text: String) -> [[String]] {
  var rows: [[String]] = []
  var row: [String] = []
  var field = ""
  var quoted = false
  var iterator = text.makeIterator()
  var pending: Character? = nil
  while let c = pending ?? iterator.next() {
    pending = nil
    if quoted {
      if c == "\"" {
        if let next = iterator.next() {
          if next == "\"" { field.append("\"") } else { quoted = false; pending = next }
        } else {
          quoted = false
        }
      } else {
        field.append(c)
      }
    } else if c == "\"" {
      quoted = true
    } else if c == "," {
      row.append(field)
      field = ""
    } else if c == "\n" {
      row.append(field)
      rows.append(row)
      row = []
      field = ""
    } else {
      field.append(c)
    }
  }
  if !field.isEmpty || !row.isEmpty {
    row.append(field)
    rows.append(row)
  }
  return rows
}

/// Why results could not be written.
public enum ReportingError: Error, CustomStringConvertible {
  case cannotCreate(String)
  case alreadyExists(String)

  /// One line naming the path.
  public var description: String {
    switch self {
    case .cannotCreate(let path): "cannot create \(path)"
    case .alreadyExists(let path): "\(path) already holds a complete run; choose another --out or remove it"
    }
  }
}
