import Optimization
import Testing

/// Programs with known optima from textbooks.
@Suite("LP and MILP through COIN-OR")
struct SolveTests {
  @Test("Wyndor Glass (Hillier and Lieberman, ch. 3): Z = 36 at (2, 6), shadow prices 0, 1.5, 1")
  func wyndor() {
    var lp = LinearProgram(direction: .maximize)
    let x1 = lp.addVariable("doors", cost: 3)
    let x2 = lp.addVariable("windows", cost: 5)
    lp.addConstraint([(x1, 1)], upper: 4)
    lp.addConstraint([(x2, 2)], upper: 12)
    lp.addConstraint([(x1, 3), (x2, 2)], upper: 18)
    let solution = solve(lp)
    #expect(solution.status == .optimal && solution.solver == "Clp")
    #expect(abs(solution.objective - 36) < 1e-9)
    #expect(abs(solution[x1] - 2) < 1e-9 && abs(solution[x2] - 6) < 1e-9)
    // Shadow prices y* = (0, 3/2, 1) (Hillier and Lieberman, section 4.7).
    for (dual, expected) in zip(solution.duals, [0, 1.5, 1]) { #expect(abs(abs(dual) - expected) < 1e-9) }
  }

  @Test("Infeasible and unbounded programs are named as such")
  func degenerateCases() {
    var infeasible = LinearProgram()
    let x = infeasible.addVariable(lower: 0, cost: 1)
    infeasible.addConstraint([(x, 1)], lower: 2)
    infeasible.addConstraint([(x, 1)], upper: 1)
    #expect(solve(infeasible).status == .infeasible)

    var unbounded = LinearProgram(direction: .maximize)
    let y = unbounded.addVariable(lower: 0, cost: 1)
    unbounded.addConstraint([(y, 1)], lower: 1)
    #expect(solve(unbounded).status == .unbounded)

    var integerInfeasible = LinearProgram()
    let z = integerInfeasible.addVariable(lower: 0, upper: 10, cost: 1, integer: true)
    integerInfeasible.addEquality([(z, 2)], equals: 3)
    #expect(solve(integerInfeasible).status == .infeasible)
  }

  @Test("0-1 knapsack (Cormen et al., Introduction to Algorithms, section 16.2): 220 from items 2 and 3")
  func knapsack() {
    var ip = LinearProgram(direction: .maximize)
    let items = [(60.0, 10.0), (100, 20), (120, 30)].map { value, _ in ip.addVariable(lower: 0, upper: 1, cost: value, integer: true) }
    ip.addConstraint(zip(items, [10.0, 20, 30]).map { ($0, $1) }, upper: 50)
    let solution = solve(ip)
    #expect(solution.status == .optimal && solution.solver == "Cbc")
    #expect(abs(solution.objective - 220) < 1e-9)
    #expect(solution.values.map { $0.rounded() } == [0, 1, 1])
    #expect(solution.gap < 1e-9)
  }

  @Test("A transportation problem with equalities (two plants, three markets): optimum checked by hand")
  func transportation() {
    // Supplies 20 and 30; demands 10, 25, 15; unit costs [[2, 4, 5], [3, 1, 7]].
    // Optimum: plant 2 sends 25 to market 2 (cost 1) and 5 to market 1; plant 1 sends 5 to market 1 and
    // 15 to market 3: 5*2 + 15*5 + 5*3 + 25*1 = 125.
    var lp = LinearProgram()
    let cost = [[2.0, 4, 5], [3, 1, 7]]
    var ship = [[LinearProgram.Variable]]()
    for i in 0..<2 { ship.append((0..<3).map { j in lp.addVariable("x\(i)\(j)", cost: cost[i][j]) }) }
    for (i, supply) in [20.0, 30].enumerated() { lp.addEquality(ship[i].map { ($0, 1) }, equals: supply) }
    for (j, demand) in [10.0, 25, 15].enumerated() { lp.addEquality([(ship[0][j], 1), (ship[1][j], 1)], equals: demand) }
    let solution = solve(lp)
    #expect(solution.status == .optimal)
    #expect(abs(solution.objective - 125) < 1e-9)
  }
}
