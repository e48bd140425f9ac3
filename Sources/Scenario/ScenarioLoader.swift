import Foundation

/// Reads, merges and validates scenario files; every problem in a file is reported at once.
public enum ScenarioLoader {
  /// Loads `path`, applies `overrides` (`key.path` -> YAML value, as `--set` gives them) and validates.
  ///
  /// - Throws: ``ScenarioError`` with every problem found, each naming file, line, column and key.
  public static func load(path: String, overrides: [(String, String)] = []) throws(ScenarioError) -> LoadedScenario {
    let text: String
    do {
      text = try String(contentsOfFile: path, encoding: .utf8)
    } catch {
      throw ScenarioError(issues: [ScenarioIssue(location: SourceLocation(file: path, line: 0, column: 0), keyPath: "", message: "cannot read the file: \(error.localizedDescription)")])
    }
    return try load(text: text, path: path, overrides: overrides)
  }

  /// Loads scenario text (`path` only names it in messages).
  public static func load(text: String, path: String, overrides: [(String, String)] = []) throws(ScenarioError)
    -> LoadedScenario
  {
    var root = try ScenarioNode.parse(yaml: text, file: path)
    for (keyPath, value) in overrides {
      root = root.setting(keyPath, to: .scalar(value, SourceLocation(file: "--set \(keyPath)", line: 0, column: 0)))
    }
    guard case .mapping(let entries, let location) = root else {
      throw ScenarioError(issues: [ScenarioIssue(location: root.location, keyPath: "", message: "expected a mapping with `model:`, `seed:`, `horizon:` and `parameters:`")])
    }
    var issues: [ScenarioIssue] = []
    // The header: every top-level key except `parameters`.
    var headerValues = ResolvedValues(values: [:])
    let headerNode = ScenarioNode.mapping(entries.filter { $0.key != "parameters" && $0.key != "sweep" }, location)
    SchemaValidator.validate(
      headerNode, fields: ScenarioHeader.fields + [Field("parameters", .text, default: .text(""), "model parameters")],
      into: &headerValues, issues: &issues)
    // The model kind decides the parameter schema.
    var model: (any ScenarioModel.Type)?
    if case .text(let kind) = headerValues.values["model"] {
      model = ModelCatalog.model(named: kind)
      if model == nil {
        let kinds = ModelCatalog.models.map { $0.kind }
        var message = "unknown model '\(kind)'"
        if let suggestion = SchemaValidator.closest(kind, among: kinds) { message += "; did you mean '\(suggestion)'?" }
        issues.append(ScenarioIssue(location: root["model"]!.location, keyPath: "model", message: message + " Known: \(kinds.joined(separator: ", "))"))
      }
    }
    var parameters = ResolvedValues(values: [:])
    if let model {
      var parametersNode = root["parameters"] ?? .mapping([], location)
      if let use = parametersNode["use"] {
        parametersNode = ModelLibrary.merge(
          use, into: parametersNode, kind: model.kind, fields: model.fields, scenarioPath: path, issues: &issues)
      }
      let before = issues.count
      SchemaValidator.validate(parametersNode, fields: model.fields, into: &parameters, issues: &issues)
      if issues.count == before {
        // The scenario's own `parameters:` key: its file is where relative data paths start, even when
        // `use:` brought the values from Models/.
        issues += model.consistencyIssues(parameters, at: root["parameters"]?.location ?? location)
      }
    }
    var outputs: [String] = []
    if case .text(let list) = headerValues.values["outputs"] {
      outputs = list.split(separator: ",").map { $0.trimmingWhitespace() }
      let known = ["kpis", "replications", "timeseries", "events"] + (model?.tableOutputs ?? [])
      for output in outputs where !known.contains(output) {
        issues.append(ScenarioIssue(location: root["outputs"]?.location ?? location, keyPath: "outputs", message: "unknown output '\(output)'; expected \(known.joined(separator: ", "))"))
      }
    }
    if case .text(let start) = headerValues.values["start_time"], ISO8601DateFormatter().date(from: start) == nil {
      issues.append(ScenarioIssue(location: root["start_time"]?.location ?? location, keyPath: "start_time", message: "expected an ISO 8601 time like 2026-01-01T00:00:00Z, found '\(start)'"))
    }
    if !issues.isEmpty { throw ScenarioError(issues: issues.sorted { ($0.location.line, $0.location.column) < ($1.location.line, $1.location.column) }) }
    let header = ScenarioHeader(
      model: headerValues.text("model"), seed: UInt64(headerValues.integer("seed")), horizon: headerValues.number("horizon"),
      timeStep: headerValues.number("time_step") > 0 ? headerValues.number("time_step") : nil,
      replications: headerValues.integer("replications"), timeFormat: headerValues.text("time_format"),
      startTime: headerValues.text("start_time"))
    return LoadedScenario(path: path, source: text, header: header, parameters: parameters, outputs: outputs)
  }

  /// A stable 64-bit FNV-1a hash of the scenario text, for manifests (not a security hash).
  public static func contentHash(_ text: String) -> String {
    var hash: UInt64 = 0xCBF2_9CE4_8422_2325
    for byte in text.utf8 {
      hash ^= UInt64(byte)
      hash = hash &* 0x0000_0100_0000_01B3
    }
    let digits = String(hash, radix: 16)
    return String(repeating: "0", count: 16 - digits.count) + digits
  }
}
