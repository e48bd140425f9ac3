/// Why an instance file could not be read: the line and what was expected.
public struct InstanceError: Error, Equatable, CustomStringConvertible {
  /// 1-based line in the file (0: the file as a whole).
  public var line: Int
  /// What was wrong.
  public var message: String

  /// One line naming the place.
  public var description: String { "line \(line): \(message)" }
}

/// Readers for the standard scheduling benchmark formats.
public enum InstanceReader {
  /// Lines that carry data: `#` comments and blank lines dropped, each with its 1-based line number.
  static func dataLines(_ text: String) -> [(line: Int, fields: [Substring])] {
    text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().compactMap { index, line in
      let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" })
      guard let first = fields.first, !first.hasPrefix("#") else { return nil }
      return (index + 1, fields)
    }
  }

  static func numbers(_ fields: [Substring], line: Int) throws(InstanceError) -> [Double] {
    var values: [Double] = []
    for field in fields {
      guard let value = Double(field) else { throw InstanceError(line: line, message: "expected a number, found '\(field)'") }
      values.append(value)
    }
    return values
  }

  /// The OR-Library job-shop format (Beasley 1990; Fisher-Thompson, Lawrence instances): a line
  /// `jobs machines`, then one line per job of `machine time` pairs in routing order, machines 0-based.
  public static func orLibrary(_ text: String, name: String = "") throws(InstanceError) -> ShopInstance {
    let lines = dataLines(text)
    guard let header = lines.first else { throw InstanceError(line: 0, message: "the file is empty") }
    let head = try numbers(header.fields, line: header.line)
    guard head.count >= 2, let jobs = Int(exactly: head[0]), let machines = Int(exactly: head[1]), jobs > 0, machines > 0 else {
      throw InstanceError(line: header.line, message: "expected 'jobs machines'")
    }
    guard lines.count >= jobs + 1 else { throw InstanceError(line: lines.last!.line, message: "expected \(jobs) job lines, found \(lines.count - 1)") }
    var result: [ShopJob] = []
    for (line, fields) in lines[1...jobs] {
      let values = try numbers(fields, line: line)
      guard values.count == 2 * machines else {
        throw InstanceError(line: line, message: "expected \(machines) 'machine time' pairs, found \(values.count) numbers")
      }
      var operations: [[ShopJob.Alternative]] = []
      for k in 0..<machines {
        guard let machine = Int(exactly: values[2 * k]), (0..<machines).contains(machine), values[2 * k + 1] >= 0 else {
          throw InstanceError(line: line, message: "operation \(k + 1): expected a machine in 0...\(machines - 1) and a time >= 0")
        }
        operations.append([ShopJob.Alternative(machine: machine, duration: values[2 * k + 1])])
      }
      result.append(ShopJob(operations: operations, name: "J\(result.count + 1)"))
    }
    return ShopInstance(name: name, machines: machines, jobs: result)
  }

  /// The Taillard job-shop format (Taillard 1993): `jobs machines`, then a block of processing times (one
  /// row per job), then a block of machines (1-based), each row in routing order. Optional lines such
  /// as seeds and bounds before the blocks are accepted when the header names them ("Times", "Machines").
  public static func taillard(_ text: String, name: String = "") throws(InstanceError) -> ShopInstance {
    let lines = dataLines(text).filter { Double($0.fields[0]) != nil }
    guard let header = lines.first else { throw InstanceError(line: 0, message: "the file is empty") }
    let head = try numbers(header.fields, line: header.line)
    guard head.count >= 2, let jobs = Int(exactly: head[0]), let machines = Int(exactly: head[1]), jobs > 0, machines > 0 else {
      throw InstanceError(line: header.line, message: "expected 'jobs machines'")
    }
    let rows = lines.dropFirst().filter { $0.fields.count == machines }
    guard rows.count >= 2 * jobs else {
      throw InstanceError(line: lines.last?.line ?? 0, message: "expected \(jobs) rows of times and \(jobs) rows of machines, each with \(machines) numbers")
    }
    var result: [ShopJob] = []
    for j in 0..<jobs {
      let times = try numbers(rows[rows.startIndex + j].fields, line: rows[rows.startIndex + j].line)
      let order = try numbers(rows[rows.startIndex + jobs + j].fields, line: rows[rows.startIndex + jobs + j].line)
      var operations: [[ShopJob.Alternative]] = []
      for k in 0..<machines {
        guard let machine = Int(exactly: order[k] - 1), (0..<machines).contains(machine) else {
          throw InstanceError(line: rows[rows.startIndex + jobs + j].line, message: "expected machines 1...\(machines)")
        }
        operations.append([ShopJob.Alternative(machine: machine, duration: times[k])])
      }
      result.append(ShopJob(operations: operations, name: "J\(j + 1)"))
    }
    return ShopInstance(name: name, machines: machines, jobs: result)
  }

  /// The Brandimarte/Hurink flexible job-shop format (`.fjs`): a header `jobs machines [average
  /// machines per operation]`, then per job: the number of operations, and for each operation the
  /// number of alternatives followed by that many `machine time` pairs. Machines are 1-based in the
  /// original `.fjs` files (three header fields) and 0-based in the SchedulingLab copies (two fields).
  public static func brandimarte(_ text: String, name: String = "") throws(InstanceError) -> ShopInstance {
    let lines = dataLines(text)
    guard let header = lines.first else { throw InstanceError(line: 0, message: "the file is empty") }
    let head = try numbers(header.fields, line: header.line)
    guard head.count >= 2, let jobs = Int(exactly: head[0]), let declaredMachines = Int(exactly: head[1]), jobs > 0 else {
      throw InstanceError(line: header.line, message: "expected 'jobs machines [average]'")
    }
    let offset = head.count >= 3 ? 1 : 0
    guard lines.count >= jobs + 1 else { throw InstanceError(line: lines.last!.line, message: "expected \(jobs) job lines") }
    var parsed: [(line: Int, operations: [[(Int, Double)]])] = []
    var largest = -1
    for (line, fields) in lines[1...jobs] {
      let values = try numbers(fields, line: line)
      var cursor = 0
      func next() throws(InstanceError) -> Double {
        guard cursor < values.count else { throw InstanceError(line: line, message: "the job line ends early") }
        cursor += 1
        return values[cursor - 1]
      }
      guard let count = Int(exactly: try next()), count > 0 else { throw InstanceError(line: line, message: "expected the number of operations") }
      var operations: [[(Int, Double)]] = []
      for k in 0..<count {
        guard let alternatives = Int(exactly: try next()), alternatives > 0 else {
          throw InstanceError(line: line, message: "operation \(k + 1): expected the number of machines")
        }
        var options: [(Int, Double)] = []
        for _ in 0..<alternatives {
          guard let machine = Int(exactly: try next() - Double(offset)), machine >= 0 else {
            throw InstanceError(line: line, message: "operation \(k + 1): bad machine number")
          }
          let time = try next()
          guard time >= 0 else { throw InstanceError(line: line, message: "operation \(k + 1): negative time") }
          largest = max(largest, machine)
          options.append((machine, time))
        }
        operations.append(options)
      }
      guard cursor == values.count else { throw InstanceError(line: line, message: "\(values.count - cursor) numbers left after the last operation") }
      parsed.append((line, operations))
    }
    // Some copies' headers understate the machine count (the SchedulingLab collection warns about mk06):
    // the largest index used decides.
    let machines = max(declaredMachines, largest + 1)
    let result = parsed.enumerated().map { index, job in
      ShopJob(operations: job.operations.map { $0.map { ShopJob.Alternative(machine: $0.0, duration: $0.1) } }, name: "J\(index + 1)")
    }
    return ShopInstance(name: name, machines: machines, jobs: result)
  }
}
