/// A secondary resource: a pool of identical units (operators, tools, fixtures) that operations hold
/// besides their machine, one unit each, from the start of their setup to their end.
public struct SecondaryResource: Sendable, Equatable {
  /// A name for reports.
  public var name: String
  /// Units in the pool (at least 1).
  public var capacity: Int

  /// Creates a resource.
  public init(name: String, capacity: Int) {
    self.name = name
    self.capacity = capacity
  }
}

extension ShopInstance {
  /// The first global unit number of each resource; units are numbered across resources, so the units
  /// of resource `r` are `unitOffsets[r] ..< unitOffsets[r] + resources[r].capacity`.
  var unitOffsets: [Int] {
    var offsets: [Int] = []
    var total = 0
    for resource in resources {
      offsets.append(total)
      total += resource.capacity
    }
    return offsets
  }

  /// All units of all resources.
  var unitCount: Int { resources.reduce(0) { $0 + $1.capacity } }
}

extension Schedule {
  /// Which unit each operation holds of each of its resources, found by interval partitioning: in
  /// order of setup start, each operation takes the lowest unit free by then (optimal colouring of an
  /// interval graph, so a schedule within capacity needs no more units than the capacity). Keyed by
  /// `(job, operation)`; the units follow the order of the alternative's `resources`. Operations whose
  /// machine is not one of their alternatives hold nothing.
  func resourceUnits(of instance: ShopInstance) -> [[[Int]]] {
    var units: [[[Int]]] = instance.jobs.map { Array(repeating: [], count: $0.operations.count) }
    guard !instance.resources.isEmpty else { return units }
    let offsets = instance.unitOffsets
    var freeAt = Array(repeating: -Double.infinity, count: instance.unitCount)
    for entry in operations.sorted(by: { ($0.setupStart, $0.end, $0.job) < ($1.setupStart, $1.end, $1.job) }) {
      guard let option = instance.jobs[entry.job].operations[entry.operation].first(where: { $0.machine == entry.machine }) else { continue }
      units[entry.job][entry.operation] = option.resources.map { r in
        let pool = offsets[r]..<(offsets[r] + instance.resources[r].capacity)
        // The lowest unit free by the start, else (an over-capacity schedule) the one free first.
        let unit = pool.first { freeAt[$0] <= entry.setupStart } ?? pool.min { freeAt[$0] < freeAt[$1] }!
        freeAt[unit] = entry.end
        return unit
      }
    }
    return units
  }
}
