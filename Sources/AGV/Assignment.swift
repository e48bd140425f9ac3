/// The minimum-cost assignment of rows to distinct columns (every row gets a column; `rows <= columns`),
/// by the Hungarian method in its shortest-augmenting-path form with dual potentials (Kuhn, Naval
/// Research Logistics Quarterly 2 (1955) 83; the O(n^2 m) variant of Jonker and Volgenant, Computing 38
/// (1987) 325): one Dijkstra-like pass per row over reduced costs.
///
/// - Parameter cost: `cost[r][c]`, finite.
/// - Returns: the column of each row.
/// - Precondition: every row has the same number of columns, at least as many as there are rows.
public func minimumCostAssignment(_ cost: [[Double]]) -> [Int] {
  let n = cost.count
  guard n > 0 else { return [] }
  let m = cost[0].count
  precondition(cost.allSatisfy { $0.count == m } && n <= m, "need a rows x columns matrix with rows <= columns")
  // 1-based as in the textbook form: column 0 is the virtual start; rowOfColumn[c] is c's row + 1.
  var rowPotential = Array(repeating: 0.0, count: n + 1)
  var columnPotential = Array(repeating: 0.0, count: m + 1)
  var rowOfColumn = Array(repeating: 0, count: m + 1)
  var way = Array(repeating: 0, count: m + 1)
  var slack = Array(repeating: Double.infinity, count: m + 1)
  var used = Array(repeating: false, count: m + 1)
  for row in 1...n {
    rowOfColumn[0] = row
    var column = 0
    for c in 0...m {
      slack[c] = .infinity
      used[c] = false
    }
    repeat {
      used[column] = true
      let r = rowOfColumn[column]
      var delta = Double.infinity, nextColumn = 0
      for c in 1...m where !used[c] {
        let reduced = cost[r - 1][c - 1] - rowPotential[r] - columnPotential[c]
        if reduced < slack[c] {
          slack[c] = reduced
          way[c] = column
        }
        if slack[c] < delta {
          delta = slack[c]
          nextColumn = c
        }
      }
      for c in 0...m {
        if used[c] {
          rowPotential[rowOfColumn[c]] += delta
          columnPotential[c] -= delta
        } else {
          slack[c] -= delta
        }
      }
      column = nextColumn
    } while rowOfColumn[column] != 0
    // Augment along the alternating path back to the start.
    repeat {
      let previous = way[column]
      rowOfColumn[column] = rowOfColumn[previous]
      column = previous
    } while column != 0
  }
  var columnOfRow = Array(repeating: -1, count: n)
  for c in 1...m where rowOfColumn[c] > 0 { columnOfRow[rowOfColumn[c] - 1] = c - 1 }
  return columnOfRow
}
