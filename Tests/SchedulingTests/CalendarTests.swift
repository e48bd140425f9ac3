import Foundation
import Testing

@testable import Scheduling

/// Shift calendars: breaks an operation pauses over, or must fit between.
@Suite("Machine calendars")
struct CalendarTests {
  let breaks = [MachineCalendar.Period(start: 10, end: 20), MachineCalendar.Period(start: 30, end: 40)]

  @Test("Placement by hand: 10 units from 5 pause over [10, 20) to end at 25, or wait for [20, 30); 12 units wait for 40")
  func placement() {
    let resumable = MachineCalendar(breaks: breaks, mode: .resumable)
    #expect(resumable.place(after: 5, work: 10) == (5, 25))
    #expect(resumable.place(after: 12, work: 3) == (20, 23))
    let strict = MachineCalendar(breaks: breaks, mode: .nonPreemptive)
    #expect(strict.place(after: 5, work: 10) == (20, 30))
    #expect(strict.place(after: 5, work: 12) == (40, 52))
    #expect(resumable.workingTime(from: 0, to: 50) == 30)
    let nights = MachineCalendar.repeating(period: 24, offStart: 22, offEnd: 30, periods: 3, mode: .resumable)
    #expect(nights.breaks == [.init(start: 22, end: 30), .init(start: 46, end: 54), .init(start: 70, end: 78)])
  }

  /// One machine with a break over [10, 20); two jobs of 8.
  func shop(_ mode: MachineCalendar.Mode) -> ShopInstance {
    var shop = ShopInstance(name: "shift", machines: 1, jobs: [
      ShopJob(operations: [[.init(machine: 0, duration: 8)]]), ShopJob(operations: [[.init(machine: 0, duration: 8)]]),
    ])
    shop.calendars[0] = MachineCalendar(breaks: [.init(start: 10, end: 20)], mode: mode)
    return shop
  }

  @Test("Dispatched over a break: the second job pauses (ends at 26) or waits for the next shift (20-28); a schedule running over a strict break is caught")
  func dispatchWithBreaks() {
    let paused = dispatchSchedule(shop(.resumable), rule: PriorityRule.fifo)
    #expect(paused.violations(of: shop(.resumable)).isEmpty && paused.makespan == 26)
    let waited = dispatchSchedule(shop(.nonPreemptive), rule: PriorityRule.fifo)
    #expect(waited.violations(of: shop(.nonPreemptive)).isEmpty && waited.makespan == 28)
    #expect(paused.violations(of: shop(.nonPreemptive)).contains { $0.contains("break") })
  }

  @Test("ft06 with nights off (22 h of every 24 off from 20): dispatch and tabu search keep the calendar")
  func tabuWithCalendars() throws {
    var shop = try InstanceReader.orLibrary(SchedulingTests.load("jobshop/ft06.txt"))
    for m in 0..<shop.machines {
      shop.calendars[m] = .repeating(period: 24, offStart: 20, offEnd: 24, periods: 20, mode: m % 2 == 0 ? .resumable : .nonPreemptive)
    }
    let start = dispatchSchedule(shop, rule: PriorityRule.mwkr)
    #expect(start.violations(of: shop).isEmpty)
    var options = TabuSearchOptions()
    options.maxIterations = 1_000
    let result = tabuSearch(shop, start: start, options: options)
    #expect(result.schedule.violations(of: shop).isEmpty)
    #expect(result.makespan <= start.makespan && result.makespan >= 55)
    let repaired = try reschedule(result.schedule, of: shop, after: .breakdown(machine: 1, at: 10, repair: 5), policy: .rightShift)
    #expect(repaired.schedule.violations(of: shop).isEmpty)
  }
}
