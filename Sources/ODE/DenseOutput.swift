/// Piecewise-polynomial dense output: one polynomial per step, stored as Taylor coefficients.
///
/// Every back end's interpolant is a polynomial on its step (CVODE's and IDA's Nordsieck history,
/// ARKODE's Hermite interpolant, the cubic Hermite used for GSL), so storing the scaled derivatives
/// `c_k = y^(k)(t_c) / k!` at one point `t_c` reproduces it exactly:
/// `y(t) = sum_k c_k (t - t_c)^k` on `[start, end]`.
struct DenseOutput {
  let dimension: Int
  /// Whether time increases through the segments.
  let forward: Bool
  private(set) var starts: [Double] = []
  private(set) var ends: [Double] = []
  private var centers: [Double] = []
  private var degrees: [Int] = []
  private var offsets: [Int] = []
  private var coefficients: [Double] = []

  init(dimension: Int, forward: Bool) {
    self.dimension = dimension
    self.forward = forward
  }

  /// Whether any segment has been stored.
  var isEmpty: Bool { starts.isEmpty }

  /// Appends a segment; `fill` writes the `(degree + 1) * dimension` coefficients, component fastest.
  mutating func append(
    start: Double, end: Double, center: Double, degree: Int,
    fill: (UnsafeMutableBufferPointer<Double>) -> Void
  ) {
    starts.append(start)
    ends.append(end)
    centers.append(center)
    degrees.append(degree)
    offsets.append(coefficients.count)
    let count = (degree + 1) * dimension
    coefficients.append(contentsOf: repeatElement(0, count: count))
    coefficients.withUnsafeMutableBufferPointer { all in
      fill(UnsafeMutableBufferPointer(rebasing: all[(all.count - count)...]))
    }
  }

  /// The covered time interval, or `nil` if empty.
  var span: ClosedRange<Double>? {
    guard let first = starts.first, let last = ends.last else { return nil }
    return min(first, last)...max(first, last)
  }

  /// Evaluates the interpolant at `t` into `output`; `t` must lie within ``span``.
  ///
  /// - Complexity: O(log s + degree * n) for s segments.
  func evaluate(at t: Double, into output: UnsafeMutableBufferPointer<Double>) {
    // First segment whose end is at or past t in the direction of integration.
    var low = 0
    var high = ends.count - 1
    while low < high {
      let mid = (low + high) / 2
      if forward ? ends[mid] < t : ends[mid] > t { low = mid + 1 } else { high = mid }
    }
    let s = low
    let dt = t - centers[s]
    let n = dimension
    let degree = degrees[s]
    coefficients.withUnsafeBufferPointer { c in
      let base = offsets[s]
      for i in 0..<n { output[i] = c[base + degree * n + i] }
      var k = degree - 1
      while k >= 0 {
        for i in 0..<n { output[i] = output[i] * dt + c[base + k * n + i] }
        k -= 1
      }
    }
  }
}

/// Writes the Taylor coefficients at `t1` of the cubic Hermite interpolant through `(t0, y0, f0)` and
/// `(t1, y1, f1)` into `c` (`4 * n` values, component fastest).
///
/// With `h = t1 - t0`, `A = (y0 - y1 + f1 h) / h^2`, `B = (f0 - f1) / h`: `c2 = 3A + B`,
/// `c3 = (2A + B) / h` (Hairer, Norsett and Wanner, Solving ODEs I, section II.6).
func hermiteTaylorCoefficients(
  t0: Double, y0: UnsafePointer<Double>, f0: UnsafePointer<Double>,
  t1: Double, y1: UnsafePointer<Double>, f1: UnsafePointer<Double>,
  dimension n: Int, into c: UnsafeMutableBufferPointer<Double>
) {
  let h = t1 - t0
  for i in 0..<n {
    let a = (y0[i] - y1[i] + f1[i] * h) / (h * h)
    let b = (f0[i] - f1[i]) / h
    c[i] = y1[i]
    c[n + i] = f1[i]
    c[2 * n + i] = 3 * a + b
    c[3 * n + i] = (2 * a + b) / h
  }
}
