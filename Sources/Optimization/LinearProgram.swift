/// A linear or mixed-integer program as data: variables with bounds, costs and integrality, linear
/// constraints with lower and upper bounds, and a direction. Build it, then ``solve(_:options:)``.
///
/// ```swift
/// var lp = LinearProgram(direction: .maximize)
/// let x = lp.addVariable("x", lower: 0, cost: 3)
/// let y = lp.addVariable("y", lower: 0, cost: 5)
/// lp.addConstraint([(x, 3), (y, 2)], upper: 18)
/// let result = try solve(lp)
/// ```
public struct LinearProgram: Sendable {
  /// Minimise or maximise the objective.
  public enum Direction: Sendable { case minimize, maximize }

  /// A variable's index in the program.
  public struct Variable: Hashable, Sendable {
    /// The column index.
    public let index: Int
  }

  /// A constraint's index in the program.
  public struct Constraint: Hashable, Sendable {
    /// The row index.
    public let index: Int
  }

  /// The direction of optimisation.
  public var direction: Direction
  /// Variable names (for messages and exports).
  public private(set) var names: [String] = []
  /// Lower bounds (-infinity for none).
  public private(set) var lower: [Double] = []
  /// Upper bounds (+infinity for none).
  public private(set) var upper: [Double] = []
  /// Objective coefficients.
  public private(set) var costs: [Double] = []
  /// Whether each variable must take integer values.
  public private(set) var integer: [Bool] = []
  /// Constraint rows as (variable index, coefficient) lists.
  public private(set) var rows: [[(Int, Double)]] = []
  /// Row lower bounds (-infinity for none).
  public private(set) var rowLower: [Double] = []
  /// Row upper bounds (+infinity for none).
  public private(set) var rowUpper: [Double] = []
  /// A constant added to the objective.
  public var objectiveConstant = 0.0

  /// An empty program.
  public init(direction: Direction = .minimize) { self.direction = direction }

  /// The number of variables.
  public var variableCount: Int { costs.count }
  /// The number of constraints.
  public var constraintCount: Int { rows.count }
  /// Whether any variable is integer.
  public var isMixedInteger: Bool { integer.contains(true) }

  /// Adds a variable with bounds and an objective coefficient.
  @discardableResult
  public mutating func addVariable(
    _ name: String = "", lower: Double = 0, upper: Double = .infinity, cost: Double = 0, integer: Bool = false
  ) -> Variable {
    precondition(lower <= upper, "variable \(name): lower bound \(lower) exceeds upper bound \(upper)")
    names.append(name)
    self.lower.append(lower)
    self.upper.append(upper)
    costs.append(cost)
    self.integer.append(integer)
    return Variable(index: costs.count - 1)
  }

  /// Adds `lower <= sum coefficient * variable <= upper`.
  @discardableResult
  public mutating func addConstraint(
    _ terms: [(Variable, Double)], lower: Double = -.infinity, upper: Double = .infinity
  ) -> Constraint {
    precondition(lower <= upper, "constraint bounds out of order: \(lower) > \(upper)")
    rows.append(terms.map { ($0.0.index, $0.1) })
    rowLower.append(lower)
    rowUpper.append(upper)
    return Constraint(index: rows.count - 1)
  }

  /// Adds `sum coefficient * variable == value`.
  @discardableResult
  public mutating func addEquality(_ terms: [(Variable, Double)], equals value: Double) -> Constraint {
    addConstraint(terms, lower: value, upper: value)
  }

  /// Changes a variable's objective coefficient.
  public mutating func setCost(_ variable: Variable, _ cost: Double) { costs[variable.index] = cost }

  /// The program in compressed sparse column form, as the COIN-OR loaders take it.
  func compressedColumns() -> (start: [Int], index: [Int32], value: [Double]) {
    var columns = Array(repeating: [(Int32, Double)](), count: variableCount)
    for (row, terms) in rows.enumerated() {
      for (column, coefficient) in terms where coefficient != 0 { columns[column].append((Int32(row), coefficient)) }
    }
    var start = [0]
    var index: [Int32] = []
    var value: [Double] = []
    for column in columns {
      for (row, coefficient) in column {
        index.append(row)
        value.append(coefficient)
      }
      start.append(index.count)
    }
    return (start, index, value)
  }
}
