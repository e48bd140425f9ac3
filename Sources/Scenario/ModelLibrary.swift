import Foundation

/// Reusable model data in `Models/<model kind>/<name>.yaml`: a parameters mapping with a `provenance:`
/// line (source paper and table, or "assumed" and why). A scenario refers to it with `use: <name>` in its
/// `parameters:` and may override any field; the scenario's values win.
public enum ModelLibrary {
  /// The `Models/` directory: `$TWINKIT_MODELS`, else the nearest `Models/` above the scenario file,
  /// else `./Models`.
  public static func directory(near scenarioPath: String) -> String {
    if let configured = ProcessInfo.processInfo.environment["TWINKIT_MODELS"] { return configured }
    var url = URL(fileURLWithPath: scenarioPath).standardizedFileURL.deletingLastPathComponent()
    while url.path != "/" {
      let candidate = url.appendingPathComponent("Models")
      var isDirectory: ObjCBool = false
      if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDirectory), isDirectory.boolValue {
        return candidate.path
      }
      url.deleteLastPathComponent()
    }
    return "Models"
  }

  /// The names of the stored parameter sets for a model kind, with their provenance lines.
  public static func entries(kind: String, near scenarioPath: String = ".") -> [(name: String, provenance: String)] {
    let folder = "\(directory(near: scenarioPath))/\(kind)"
    let files = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasSuffix(".yaml") }.sorted()
    return files.map { file in
      let text = (try? String(contentsOfFile: "\(folder)/\(file)", encoding: .utf8)) ?? ""
      let node = try? ScenarioNode.parse(yaml: text, file: file)
      return (String(file.dropLast(5)), node?["provenance"]?.scalarText ?? "(no provenance)")
    }
  }

  /// Replaces `use: name` in `parameters` by the stored data, with the scenario's own keys laid over it.
  static func merge(
    _ use: ScenarioNode, into parameters: ScenarioNode, kind: String, fields: [Field], scenarioPath: String,
    issues: inout [ScenarioIssue]
  ) -> ScenarioNode {
    guard let name = use.scalarText, !name.isEmpty else {
      issues.append(ScenarioIssue(location: use.location, keyPath: "parameters.use", message: "expected the name of a parameter set in Models/\(kind)/"))
      return parameters
    }
    let path = "\(directory(near: scenarioPath))/\(kind)/\(name).yaml"
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
      let known = entries(kind: kind, near: scenarioPath).map(\.name)
      var message = "no parameter set '\(name)' in Models/\(kind)/"
      if let suggestion = SchemaValidator.closest(name, among: known) { message += "; did you mean '\(suggestion)'?" }
      issues.append(ScenarioIssue(location: use.location, keyPath: "parameters.use", message: message + (known.isEmpty ? "" : " Known: \(known.joined(separator: ", "))")))
      return parameters
    }
    let stored: ScenarioNode
    do {
      stored = try ScenarioNode.parse(yaml: text, file: path)
    } catch {
      issues += error.issues
      return parameters
    }
    guard case .mapping(let storedEntries, let storedLocation) = stored else {
      issues.append(ScenarioIssue(location: stored.location, keyPath: "", message: "a parameter set must be a mapping"))
      return parameters
    }
    if stored["provenance"]?.scalarText?.isEmpty ?? true {
      issues.append(ScenarioIssue(location: storedLocation, keyPath: "provenance", message: "every parameter set needs a provenance line (source, table, or 'assumed' and why)"))
    }
    let base = ScenarioNode.mapping(storedEntries.filter { $0.key != "provenance" }, storedLocation)
    guard case .mapping(let overrides, _) = parameters else { return base }
    return overrides.filter { $0.key != "use" }.reduce(base) { merged, entry in merged.overlaying(entry, fields: fields) }
  }
}

extension ScenarioNode {
  /// Lays one scenario entry over stored data: mappings merge key by key, anything else replaces every
  /// stored spelling of the same field (`flow_35` and `flow_35_kg_per_min` are one field).
  func overlaying(_ entry: (key: String, keyLocation: SourceLocation, value: ScenarioNode), fields: [Field]) -> ScenarioNode {
    guard case .mapping(var entries, let location) = self else { return self }
    let field = SchemaValidator.match(entry.key, in: fields)?.0
    let sameField: (String) -> Bool = { key in
      key == entry.key || (field != nil && SchemaValidator.match(key, in: fields)?.0.name == field!.name)
    }
    if let index = entries.firstIndex(where: { sameField($0.key) }), case .mapping(let children, _) = entry.value,
      case .mapping = entries[index].value
    {
      var childFields: [Field] = []
      if case .section(let sectionFields)? = field?.kind { childFields = sectionFields }
      entries[index].value = children.reduce(entries[index].value) { $0.overlaying($1, fields: childFields) }
    } else {
      entries.removeAll { sameField($0.key) }
      entries.append(entry)
    }
    return .mapping(entries, location)
  }
}
