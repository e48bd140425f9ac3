import Foundation
import Scenario
import Testing

/// The `microgrid` model kind: energy conservation in its KPIs, the fuel-cell merit order, and errors.
@Suite("Microgrid scenarios")
struct MicrogridScenarioTests {
  /// A week of the reference park with the given extra parameter lines.
  func scenario(_ extra: String = "", policy: String = "optimal") -> String {
    """
    model: microgrid
    seed: 11
    horizon: 168 h
    time_step: 1 h
    parameters:
      dispatch:
        policy: \(policy)
    \(extra)
    """
  }

  func kpis(_ text: String) throws -> [String: Double] {
    let loaded = try ScenarioLoader.load(text: text, path: "week.yaml")
    let output = try MicrogridModel.run(loaded, context: RunContext())
    return Dictionary(uniqueKeysWithValues: output.kpis.map { ($0.name, $0.value) })
  }

  @Test("Every policy conserves energy: on-site supply + import = load; savings = grid-only cost - total", arguments: ["optimal", "mpc", "load-following", "cycle-charging", "tou-shaving"])
  func conservation(policy: String) throws {
    let k = try kpis(scenario(policy: policy))
    #expect(abs(k["onsite_supply"]! + k["grid_import"]! - k["load"]!) < 1e-9 * k["load"]!)
    #expect(abs(k["savings"]! - (k["grid_only_cost"]! - k["total_cost"]!)) < 1e-9 * k["grid_only_cost"]!)
    #expect(k["limit_violations"] == 0 && k["unmet_load"] == 0 && k["grid_export"] == 0)
    // 450 MWh a year is 450 * 168 / 8760 MWh a week.
    #expect(abs(k["load"]! - 450 * 168 / 8_760) < 1e-9)
  }

  @Test("Fuel cells stay off while their electricity (price / (0.5 * 33.33 kWh/kg)) is dearer than the peak price, run when cheaper")
  func meritOrder() throws {
    // 35 CNY/kg -> 2.10 CNY/kWh > 1.0 peak: off. 10 CNY/kg -> 0.60 CNY/kWh < 0.62 flat: on.
    let dear = try kpis(scenario("  fuel_cells:\n    hydrogen_price_CNY_per_kg: 35"))
    #expect(dear["fuel_cell_energy"] == 0 && dear["hydrogen"] == 0)
    let cheap = try kpis(scenario("  fuel_cells:\n    hydrogen_price_CNY_per_kg: 10"))
    #expect(cheap["fuel_cell_energy"]! > 0)
    #expect(abs(cheap["hydrogen"]! - cheap["fuel_cell_energy"]! * 1e3 / (0.5 * 120 / 3.6)) < 1e-9 * cheap["hydrogen"]!)
    #expect(abs(cheap["hydrogen_cost"]! - 10 * cheap["hydrogen"]!) < 1e-6)
    #expect(cheap["total_cost"]! < dear["total_cost"]!)
  }

  @Test("Within one month the demand charge is the charge times the peak import, for the rules and the LP alike", arguments: ["optimal", "load-following"])
  func demandCharge(policy: String) throws {
    let k = try kpis(scenario("  grid:\n    demand_charge_CNY_per_kW: 40", policy: policy))
    #expect(abs(k["demand_cost"]! - 40 * k["peak_import"]!) < 1e-9 * k["demand_cost"]!)
    #expect(abs(k["total_cost"]! - k["grid_energy_cost"]! - k["demand_cost"]! - k["hydrogen_cost"]! - k["battery_wear_cost"]! - k["start_cost"]!) < 1e-9 * k["total_cost"]!)
    if policy == "optimal" {
      // The LP trades energy cost against the peak: it can never pay more in total than without the charge plus it.
      let without = try kpis(scenario(policy: policy))
      #expect(k["total_cost"]! <= without["total_cost"]! + 40 * without["peak_import"]! + 1e-6)
    }
  }

  /// Writes `text` to a fresh temporary CSV and returns its path.
  func temporaryCSV(_ text: String) throws -> String {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("twinkit-load-\(UUID().uuidString).csv")
    try text.write(to: url, atomically: true, encoding: .utf8)
    return url.path
  }

  @Test("A measured day of load (50 + h kW at hour h) repeats over two days: 2 * (24 * 50 + 276) kWh = 2.952 MWh")
  func loadFile() throws {
    let csv = try temporaryCSV("time_h,power_kW\n" + (0..<24).map { "\($0),\(50 + $0)" }.joined(separator: "\n"))
    defer { try? FileManager.default.removeItem(atPath: csv) }
    let text = scenario("  load:\n    file: \(csv)", policy: "load-following").replacingOccurrences(of: "168 h", with: "48 h")
    let k = try kpis(text)
    #expect(abs(k["load"]! - 2.952) < 1e-12)
  }

  @Test("A broken load file is reported at its own line; a current column is not a load")
  func badLoadFile() throws {
    let broken = try temporaryCSV("time_h,power_kW\n0,50\n1,abc\n")
    let current = try temporaryCSV("time_h,current_A\n0,50\n")
    defer { for path in [broken, current] { try? FileManager.default.removeItem(atPath: path) } }
    for (path, line, key) in [(broken, 3, ""), (current, 0, "load.file")] {
      do {
        _ = try ScenarioLoader.load(text: scenario("  load:\n    file: \(path)"), path: "week.yaml")
        Issue.record("expected an error for \(path)")
      } catch {
        let issue = error.issues.first
        #expect(issue?.keyPath == key)
        if line > 0 { #expect(issue?.location.file == path && issue?.location.line == line) }
      }
    }
  }

  /// A one-day EPW file: 800 W/m² of diffuse light for the 8 hours ending 09:00-16:00 at 0 °C, dark otherwise.
  func epw(brokenRow: Bool = false) -> String {
    let header = ["LOCATION,Nanjing,JS,CHN,test,582380,32.0,118.8,8.0,9.0"] + (0..<7).map { "HEADER\($0)" }
    let rows = (1...24).map { hour -> String in
      let light = (9...16).contains(hour) ? 800 : 0
      return "2026,1,1,\(hour),60,src,0.0,-5,50,101325,0,0,300,\(light),0,\(light),0,0,0,0"
    }
    return (header + rows + (brokenRow ? ["2026,1,2,1,60,src,x"] : [])).joined(separator: "\n")
  }

  @Test("EPW weather on a flat array: 8 h at 800 W/m2 and a 25 C cell give 8 PVWatts AC outputs of 35.75 * 0.8 * 0.86 kW DC")
  func epwWeather() throws {
    let file = try temporaryCSV(epw())
    defer { try? FileManager.default.removeItem(atPath: file) }
    let text = scenario("  site:\n    weather_file: \(file)\n  pv:\n    tilt: 0 deg", policy: "load-following")
      .replacingOccurrences(of: "168 h", with: "24 h")
    let k = try kpis(text)
    // NOCT cell temperature 0 + 800 (45 - 20) / 800 = 25 C, so no temperature correction.
    let dc = 35.75 * 0.8 * 0.86
    let dcRating = 35.75 / 1.2 / 0.96
    let z = dc / dcRating
    let ac = dc * 0.96 / 0.9637 * (-0.0162 * z - 0.0059 / z + 0.9858)  // PVWatts v5 inverter (Dobos 2014)
    #expect(abs(k["pv_used"]! * 1e3 - 8 * ac) < 1e-9)
    #expect(k["pv_curtailed"] == 0)
  }

  @Test("A malformed EPW row is reported at its line")
  func badEPW() throws {
    let file = try temporaryCSV(epw(brokenRow: true))
    defer { try? FileManager.default.removeItem(atPath: file) }
    do {
      _ = try ScenarioLoader.load(text: scenario("  site:\n    weather_file: \(file)"), path: "week.yaml")
      Issue.record("expected an error")
    } catch {
      #expect(error.issues.first?.location.file == file && error.issues.first?.location.line == 33)
    }
  }

  @Test("On-site hydrogen: produced = electrolyser energy / 55 kWh/kg; bought + produced - used stays within the tank's room")
  func hydrogenStorage() throws {
    let k = try kpis(scenario("""
        hydrogen:
          storage: true
          electrolyser_rating: 100 kW
          electrolyser_energy: 55 kWh/kg
          tank_capacity: 300 kg
          tank_initial: 100 kg
        fuel_cells:
          hydrogen_price: 35 CNY/kg
      """))
    #expect(k["hydrogen_produced"]! > 0, "valley electricity at 0.3 CNY/kWh makes hydrogen at 16.5 CNY/kg, below the 35 CNY/kg delivered")
    #expect(abs(k["hydrogen_produced"]! - k["electrolyser_energy"]! * 1_000 / 55) < 1e-9 * k["hydrogen_produced"]!)
    let stockChange = k["hydrogen_bought"]! + k["hydrogen_produced"]! - k["hydrogen"]!
    #expect(stockChange >= -1e-6 && stockChange <= 200 + 1e-6)
    #expect(k["limit_violations"] == 0 && k["tank_pressure_max"]! > 0)
  }

  @Test("A fleet of 10 vehicles needing 30 kWh each weekday charges 1.5 MWh a week; the LP beats charging in the cheapest hours, which beats charging at once")
  func vehicleFleet() throws {
    let fleet = """
        vehicles:
          fleet: 10
          energy: 30 kWh
      """
    let optimal = try kpis(scenario(fleet))
    #expect(abs(optimal["vehicle_energy"]! - 1.5) < 1e-9)
    #expect(optimal["vehicle_shortfall"] == 0 && optimal["limit_violations"] == 0)
    let immediate = try kpis(scenario(fleet, policy: "load-following"))
    let cheapest = try kpis(scenario(fleet + "\n    charging_rule: cheapest", policy: "load-following"))
    #expect(abs(cheapest["vehicle_energy"]! - 1.5) < 1e-9 && cheapest["limit_violations"] == 0)
    #expect(optimal["total_cost"]! <= cheapest["total_cost"]! && cheapest["total_cost"]! < immediate["total_cost"]!)
  }

  @Test("Charging sessions from CSV: units from the header, errors at their line")
  func sessionFile() throws {
    let rows = try ChargingSessionReader.parse("energy_kWh,arrival_h,departure_h,max_power_kW\n20,8,12,7\n", file: "ev.csv")
    #expect(rows.count == 1 && rows[0].arrival == 8 * 3600 && rows[0].departure == 12 * 3600)
    #expect(rows[0].energy == 20 * 3.6e6 && rows[0].maxPower == 7000 && rows[0].line == 2)
    #expect {
      _ = try ChargingSessionReader.parse("arrival_h,departure_h,energy_kWh,max_power_kW\n8,12,20,7\n8,9,20,7\n9,8,1,7\n", file: "ev.csv")
    } throws: { error in
      guard let issues = (error as? ScenarioError)?.issues else { return false }
      return issues.map(\.location.line) == [3, 4] && issues[0].message.contains("cannot deliver")
    }
  }

  @Test("Three weeks in a row: each starts with the capacity the fade left, and the totals add up")
  func multiYear() throws {
    let loaded = try ScenarioLoader.load(text: scenario("    years: 3"), path: "week.yaml")
    let output = try MicrogridModel.run(loaded, context: RunContext())
    let k = Dictionary(uniqueKeysWithValues: output.kpis.map { ($0.name, $0.value) })
    let rows = try #require(output.tables.first { $0.name == "years.csv" }).rows
    #expect(rows.count == 3)
    #expect(abs(rows.map { $0[1] }.reduce(0, +) - k["total_cost_all_years"]!) < 1e-9 * k["total_cost_all_years"]!)
    for (before, after) in zip(rows, rows.dropFirst()) {
      // capacity_{y+1} = 200 kWh x (1 - lost up to y)
      #expect(abs(after[4] - 200 * (1 - before[6])) < 1e-9)
      #expect(after[6] > before[6])
    }
    #expect(k["battery_capacity_lost"] == rows[2][6])
  }

  @Test("A malformed tariff or SOC range names its key")
  func errors() {
    for (extra, key) in [
      ("  tariff:\n    peak_hours: 8 to 11", "tariff.peak_hours"),
      ("  battery:\n    soc_min: 60 %\n    soc_initial: 50 %", "battery.soc_initial"),
      ("    window: 6 h\n    replan: 12 h", "dispatch.replan"),
      ("  hydrogen:\n    storage: true\n    tank_initial: 500 kg", "hydrogen.tank_initial"),
    ] {
      do {
        _ = try ScenarioLoader.load(text: scenario(extra), path: "week.yaml")
        Issue.record("expected an error for \(key)")
      } catch {
        #expect(error.issues.contains { $0.keyPath == key }, "\(error.issues)")
      }
    }
  }
}
