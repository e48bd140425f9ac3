import Foundation
import Synchronization
import TwinKit

/// Streams a run's time series and event log into CSV files of its run directory.
final class CSVRunSink: RunSink {
  private let directory: RunDirectory
  private let timeColumn: (Double) -> CSVField
  private let timeHeader: String

  init(directory: RunDirectory, header: ScenarioHeader) {
    self.directory = directory
    if header.timeFormat == "iso8601", let start = ISO8601DateFormatter().date(from: header.startTime) {
      let formatter = ISO8601DateFormatter()
      formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
      timeColumn = { .text(formatter.string(from: start.addingTimeInterval($0))) }
      timeHeader = "timestamp"
    } else {
      timeColumn = { .number($0) }
      timeHeader = "time_s"
    }
  }

  func timeSeries(_ name: String, columns: [String]) throws -> any TimeSeriesSink {
    CSVTimeSeries(writer: try directory.csv(name, header: [timeHeader] + columns), time: timeColumn)
  }

  func eventLog() throws -> any EventLogSink {
    CSVEventLog(writer: try directory.csv("events.csv", header: [timeHeader, "source", "event"]), time: timeColumn)
  }
}

final class CSVTimeSeries: TimeSeriesSink {
  let writer: CSVWriter
  let time: (Double) -> CSVField
  init(writer: CSVWriter, time: @escaping (Double) -> CSVField) {
    self.writer = writer
    self.time = time
  }
  func append(time t: Double, values: [Double]) throws { try writer.writeRow([time(t)] + values.map(CSVField.number)) }
}

final class CSVEventLog: EventLogSink {
  let writer: CSVWriter
  let time: (Double) -> CSVField
  init(writer: CSVWriter, time: @escaping (Double) -> CSVField) {
    self.writer = writer
    self.time = time
  }
  func record(time t: Double, source: String, event: String) throws {
    try writer.writeRow([time(t), .text(source), .text(event)])
  }
}

/// A progress bar with rate and ETA on standard error when it is a terminal; silent otherwise.
final class ProgressBar: Sendable {
  private let label: String
  private let start = Date()
  private let enabled = isatty(STDERR_FILENO) != 0
  private let lastDrawn = Mutex<Double>(0)

  init(_ label: String) { self.label = label }

  func update(_ done: Int, _ total: Int) {
    guard enabled, total > 0 else { return }
    let elapsed = Date().timeIntervalSince(start)
    let drawNow = lastDrawn.withLock { last in
      guard done == total || elapsed - last > 0.1 else { return false }
      last = elapsed
      return true
    }
    guard drawNow else { return }
    let width = 30
    let filled = width * done / total
    let rate = Double(done) / max(elapsed, 1e-9)
    let eta = rate > 0 ? Double(total - done) / rate : 0
    let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
    let line = String(format: "\r%@ [%@] %d/%d  %.1f/s  ETA %.0f s", label, bar, done, total, rate, eta)
    FileHandle.standardError.write(Data((line + (done == total ? "\n" : "")).utf8))
  }
}
