import DequeModule

/// A request to take an item from a ``Store``: an event whose value is the item.
public final class StoreGet<Item>: SimEvent, @unchecked Sendable {
  let filter: ((Item) -> Bool)?
  unowned let store: Store<Item>
  /// The item, once the request succeeded.
  public internal(set) var item: Item?

  init(store: Store<Item>, filter: ((Item) -> Bool)?) {
    self.store = store
    self.filter = filter
    super.init(store.simulation, name: "get from \(store.name)")
  }

  override func abandon(by process: Process) {
    super.abandon(by: process)
    store.withdraw(get: self)
  }
}

/// A request to put an item into a full ``Store``: an event that succeeds when the item is accepted.
public final class StorePut<Item>: SimEvent, @unchecked Sendable {
  let item: Item
  unowned let store: Store<Item>

  init(store: Store<Item>, item: Item) {
    self.store = store
    self.item = item
    super.init(store.simulation, name: "put into \(store.name)")
  }

  override func abandon(by process: Process) {
    super.abandon(by: process)
    store.withdraw(put: self)
  }
}

/// A buffer of discrete items that processes put and get (parts between machines, vehicles at a
/// station): SimPy's `Store`, `PriorityStore` and `FilterStore` in one type.
///
/// Gets are served in the order they were made; with a filter, a get takes the first item the filter
/// accepts and does not block later gets whose filters match other items.
public final class Store<Item>: @unchecked Sendable {
  /// How items are ordered for gets.
  public enum Ordering {
    /// First in, first out.
    case fifo
    /// By `areInIncreasingOrder` (the smallest first), ties first in first out.
    case priority((Item, Item) -> Bool)
  }

  /// The simulation the store lives in (unretained without checks, as ``SimEvent/simulation``).
  public unowned(unsafe) let simulation: Simulation
  /// A name for traces and reports.
  public let name: String
  /// The largest number of items held.
  public let capacity: Int
  private let ordering: Ordering
  /// The items, in the order gets take them.
  public private(set) var items: [Item] = []
  private var gets = Deque<StoreGet<Item>>()
  private var puts = Deque<StorePut<Item>>()
  /// Number of items over time, if the store was created with `monitored: true`.
  public let level: TimeWeighted?

  /// Creates a store holding at most `capacity` items.
  public init(
    _ simulation: Simulation, name: String = "store", capacity: Int = .max, ordering: Ordering = .fifo,
    monitored: Bool = false
  ) {
    precondition(capacity >= 1, "a store needs room for at least one item, got \(capacity)")
    self.simulation = simulation
    self.name = name
    self.capacity = capacity
    self.ordering = ordering
    level = monitored ? TimeWeighted(initial: 0, at: simulation.now) : nil
  }

  /// The number of items held.
  public var count: Int { items.count }
  /// Waiting gets and puts.
  public var waitingGets: Int { gets.count }
  /// Puts waiting for room.
  public var waitingPuts: Int { puts.count }

  /// Offers an item; the event succeeds when it is accepted (at once if there is room).
  @discardableResult
  public func put(_ item: Item) -> StorePut<Item> {
    let put = StorePut(store: self, item: item)
    puts.append(put)
    settle()
    return put
  }

  /// Asks for the next item (or the first one `filter` accepts); the event's value is the item.
  public func get(where filter: ((Item) -> Bool)? = nil) -> StoreGet<Item> {
    let get = StoreGet(store: self, filter: filter)
    gets.append(get)
    settle()
    return get
  }

  /// Puts an item and waits until it is accepted (coroutine process).
  public func put(_ item: Item, by process: Process) throws {
    try process.wait(for: put(item))
  }

  /// Waits for and returns the next item, or the first one `filter` accepts (coroutine process).
  public func get(by process: Process, where filter: ((Item) -> Bool)? = nil) throws -> Item {
    let request = get(where: filter)
    try process.wait(for: request)
    return request.item!
  }

  /// Puts an item and waits until it is accepted (task process).
  public func put(_ item: Item, by process: Process) async throws {
    try await process.wait(for: put(item))
  }

  /// Waits for and returns the next item, or the first one `filter` accepts (task process).
  public func get(by process: Process, where filter: ((Item) -> Bool)? = nil) async throws -> Item {
    let request = get(where: filter)
    try await process.wait(for: request)
    return request.item!
  }

  func withdraw(get: StoreGet<Item>) {
    if let index = gets.firstIndex(where: { $0 === get }) { gets.remove(at: index) }
  }

  func withdraw(put: StorePut<Item>) {
    if let index = puts.firstIndex(where: { $0 === put }) { puts.remove(at: index) }
  }

  private func insert(_ item: Item) {
    switch ordering {
    case .fifo: items.append(item)
    case .priority(let areInIncreasingOrder):
      items.insert(item, at: items.partitioningIndex { areInIncreasingOrder(item, $0) })
    }
  }

  /// Accepts puts while there is room and serves gets while items match, until nothing changes.
  private func settle() {
    var changed = true
    while changed {
      changed = false
      while items.count < capacity, let put = puts.popFirst() {
        insert(put.item)
        put.succeed()
        changed = true
      }
      var index = gets.startIndex
      while index < gets.endIndex, !items.isEmpty {
        let get = gets[index]
        if let position = get.filter.map({ filter in items.firstIndex(where: filter) }) ?? items.indices.first {
          get.item = items.remove(at: position)
          gets.remove(at: index)
          get.succeed()
          changed = true
        } else {
          index += 1
        }
      }
    }
    level?.record(Double(items.count), at: simulation.now)
  }
}

/// A continuous quantity with a capacity that processes put into and take from (hydrogen in a buffer
/// tank in kg, energy in a battery in kWh): SimPy's `Container`.
///
/// Puts wait until there is room for the whole amount, gets until the whole amount is there; each
/// queue is served first come, first served.
public final class Container: @unchecked Sendable {
  final class Change: SimEvent, @unchecked Sendable {
    let amount: Double
    unowned let container: Container
    init(container: Container, amount: Double, name: String) {
      self.container = container
      self.amount = amount
      super.init(container.simulation, name: name)
    }
    override func abandon(by process: Process) {
      super.abandon(by: process)
      container.withdraw(self)
    }
  }

  /// The simulation the container lives in (unretained without checks, as ``SimEvent/simulation``).
  public unowned(unsafe) let simulation: Simulation
  /// A name for traces and reports.
  public let name: String
  /// The largest level.
  public let capacity: Double
  /// The current level.
  public private(set) var level: Double
  private var puts = Deque<Change>()
  private var gets = Deque<Change>()
  /// Level over time, if the container was created with `monitored: true`.
  public let history: TimeWeighted?

  /// Creates a container with `capacity` and an initial `level` (in the model's unit, e.g. kg).
  public init(
    _ simulation: Simulation, name: String = "container", capacity: Double = .infinity, level: Double = 0,
    monitored: Bool = false
  ) {
    precondition(capacity > 0 && level >= 0 && level <= capacity, "need 0 <= level <= capacity, capacity > 0")
    self.simulation = simulation
    self.name = name
    self.capacity = capacity
    self.level = level
    history = monitored ? TimeWeighted(initial: level, at: simulation.now) : nil
  }

  /// Adds `amount` (> 0) once there is room; the event succeeds then.
  @discardableResult
  public func put(_ amount: Double) -> SimEvent {
    precondition(amount > 0 && amount <= capacity, "\(name): put amount must lie in (0, capacity], got \(amount)")
    let change = Change(container: self, amount: amount, name: "put \(amount) into \(name)")
    puts.append(change)
    settle()
    return change
  }

  /// Removes `amount` (> 0) once it is there; the event succeeds then.
  @discardableResult
  public func get(_ amount: Double) -> SimEvent {
    precondition(amount > 0 && amount <= capacity, "\(name): get amount must lie in (0, capacity], got \(amount)")
    let change = Change(container: self, amount: amount, name: "get \(amount) from \(name)")
    gets.append(change)
    settle()
    return change
  }

  /// Puts and waits until done (coroutine process).
  public func put(_ amount: Double, by process: Process) throws { try process.wait(for: put(amount)) }
  /// Gets and waits until done (coroutine process).
  public func get(_ amount: Double, by process: Process) throws { try process.wait(for: get(amount)) }
  /// Puts and waits until done (task process).
  public func put(_ amount: Double, by process: Process) async throws { try await process.wait(for: put(amount)) }
  /// Gets and waits until done (task process).
  public func get(_ amount: Double, by process: Process) async throws { try await process.wait(for: get(amount)) }

  func withdraw(_ change: Change) {
    if let index = puts.firstIndex(where: { $0 === change }) { puts.remove(at: index) }
    if let index = gets.firstIndex(where: { $0 === change }) { gets.remove(at: index) }
  }

  private func settle() {
    var changed = true
    while changed {
      changed = false
      if let put = puts.first, level + put.amount <= capacity {
        puts.removeFirst()
        level += put.amount
        put.succeed()
        changed = true
      }
      if let get = gets.first, get.amount <= level {
        gets.removeFirst()
        level -= get.amount
        get.succeed()
        changed = true
      }
    }
    history?.record(level, at: simulation.now)
  }
}
