public import Optimization
public import SimKernel

/// Model-predictive dispatch: every `replanEvery` steps, solve the LP over the next `window` steps from
/// the battery's and the tank's actual state, apply the plan's battery, fuel-cell and electrolyser
/// set-points until the next re-plan,
/// and let ``MicrogridSystem/simulate(_:profiles:)`` settle the grid against the actual load and PV.
///
/// State carried across windows is the simulator's, never the plan's: each window starts from the energy
/// actually stored and from the fuel-cell systems actually running, with those still inside their
/// minimum up time held on (``FuelCellHistory``), so forecast errors and clipping cannot leak a phantom
/// state of charge, a phantom start or an early stop into the next plan. With a perfect forecast and `window` covering the horizon it reproduces the LP's optimum.
public struct ModelPredictive: DispatchPolicy {
  /// Steps the optimiser looks ahead.
  public var window: Int
  /// Steps between re-plans (at most `window`).
  public var replanEvery: Int
  /// Relative standard deviation of the forecast's load and PV errors (0: perfect forecast). Each
  /// re-plan draws independent errors `x (1 + e)`, `e ~ N(0, sigma)`, per forecast step.
  public var forecastError: Double
  /// Where forecast errors are drawn from (unused for a perfect forecast).
  public var random: RandomStream?
  /// Solver limits for each window's program.
  public var options: SolveOptions
  /// Windows whose LP had no optimum; the policy followed the load in those.
  public private(set) var failedWindows = 0

  private var plan: [SetPoints] = []
  /// Systems running at each step so far, as the simulator applied them.
  private var runningHistory: [Int] = []
  private var planStart = 0

  /// Creates the policy.
  public init(
    window: Int, replanEvery: Int, forecastError: Double = 0, random: RandomStream? = nil, options: SolveOptions = SolveOptions()
  ) {
    self.options = options
    precondition(window >= 1 && (1...window).contains(replanEvery), "need 1 <= replanEvery <= window")
    self.window = window
    self.replanEvery = replanEvery
    self.forecastError = forecastError
    self.random = random
  }

  /// See ``DispatchPolicy``.
  public mutating func setPoints(for state: DispatchState, site: MicrogridSystem, profiles: SiteProfiles) -> SetPoints {
    if state.step > 0 { runningHistory.append(state.previousFuelCellUnits) }
    if plan.isEmpty || state.step - planStart >= replanEvery { replan(state, site: site, profiles: profiles) }
    let offset = state.step - planStart
    return offset < plan.count ? plan[offset] : LoadFollowing().setPoints(for: state, site: site, profiles: profiles)
  }

  /// The actual commitment before this step: systems running, those started within their minimum up
  /// time that must stay on into the new window, and those stopped within their minimum down time that
  /// must stay off.
  private func history(_ plant: FuelCellPlant?) -> FuelCellHistory {
    guard let plant, let running = runningHistory.last else { return FuelCellHistory() }
    let now = runningHistory.count
    let mustRun = (0..<max(0, plant.minimumUpSteps - 1)).map { k in
      FuelCellPlant.starts(in: max(0, now + k - plant.minimumUpSteps + 1)..<now, running: runningHistory)
    }
    let mustStayOff = (0..<max(0, plant.minimumDownSteps - 1)).map { k in
      FuelCellPlant.stops(in: max(0, now + k - plant.minimumDownSteps + 1)..<now, running: runningHistory)
    }
    let warming = (0..<plant.startupSteps).map { k in
      FuelCellPlant.starts(in: max(0, now + k - plant.startupSteps + 1)..<now, running: runningHistory)
    }
    return FuelCellHistory(running: running, mustRun: mustRun, mustStayOff: mustStayOff, warming: warming)
  }

  private mutating func replan(_ state: DispatchState, site: MicrogridSystem, profiles: SiteProfiles) {
    let range = state.step..<min(profiles.steps, state.step + window)
    var forecast = SiteProfiles(load: Array(profiles.load[range]), pv: Array(profiles.pv[range]))
    if forecastError > 0, let random {
      for i in 0..<forecast.steps {
        forecast.load[i] = max(0, forecast.load[i] * (1 + random.normal(mean: 0, standardDeviation: forecastError)))
        forecast.pv[i] = max(0, forecast.pv[i] * (1 + random.normal(mean: 0, standardDeviation: forecastError)))
      }
    }
    var local = site
    local.grid.importPrice = Array(site.grid.importPrice[range])
    local.grid.exportPrice = Array(site.grid.exportPrice[range])
    local.grid.billingPeriods = [0..<range.count]
    // Only the last window keeps the horizon's end condition; earlier ones may draw on the battery.
    local.battery?.endAtLeastInitial = (site.battery?.endAtLeastInitial ?? false) && range.upperBound == profiles.steps
    local.hydrogen?.tank.endAtLeastInitial = (site.hydrogen?.tank.endAtLeastInitial ?? false) && range.upperBound == profiles.steps
    // Sessions in window time; the plan owes each only what it cannot defer past the window.
    local.sessions = site.sessions.map {
      ChargingSession(arrival: $0.arrival - range.lowerBound, departure: $0.departure - range.lowerBound, energy: $0.energy, maxPower: $0.maxPower)
    }
    planStart = state.step
    do {
      let (dispatch, _) = try local.optimalDispatch(
        profiles: forecast, startingEnergy: state.storedEnergy,
        startingAvailableEnergy: site.battery?.kinetic == nil ? nil : state.availableEnergy, startingHydrogen: state.hydrogenLevel,
        sessionRemaining: state.sessionRemaining, fuelCellHistory: history(site.fuelCells), options: options)
      // The plan's commitment is applied too: a system kept on at low output is still running.
      let standby = site.hydrogen?.electrolyser?.standbyPower ?? 0
      plan = (0..<forecast.steps).map { t in
        SetPoints(
          battery: dispatch.discharge[t] - dispatch.charge[t], fuelCell: dispatch.fuelCell[t], fuelCellUnits: dispatch.fuelCellUnits[t],
          electrolyser: dispatch.electrolyser[t] - (dispatch.electrolyserOn[t] ? standby : 0),
          sessionCharging: site.sessions.isEmpty ? nil : dispatch.sessionCharging.map { $0[t] })
      }
    } catch {
      failedWindows += 1
      plan = []
    }
  }
}
