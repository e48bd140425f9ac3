/// A writable view of a solver's Jacobian storage, whatever its layout.
///
/// Dense SUNDIALS matrices are column-major, band matrices store each column's band around the
/// diagonal, GSL's are row-major; all three are `base + i * rowStride + j * columnStride`, so one view
/// serves them all. Only entries inside the band may be written for a band matrix.
public struct JacobianMatrix {
  @usableFromInline let base: UnsafeMutablePointer<Double>
  @usableFromInline let rowStride: Int
  @usableFromInline let columnStride: Int
  /// Number of rows (= columns = the problem dimension).
  public let dimension: Int
  /// Half-bandwidths `(upper, lower)` for a band matrix; `nil` for a dense one.
  public let bandwidths: (upper: Int, lower: Int)?

  @usableFromInline
  init(
    base: UnsafeMutablePointer<Double>, rowStride: Int, columnStride: Int, dimension: Int,
    bandwidths: (upper: Int, lower: Int)? = nil
  ) {
    self.base = base
    self.rowStride = rowStride
    self.columnStride = columnStride
    self.dimension = dimension
    self.bandwidths = bandwidths
  }

  /// The entry `J[row, column] = df_row / dy_column`.
  @inlinable
  public subscript(row: Int, column: Int) -> Double {
    get {
      _checkIndex(row, column)
      return base[row * rowStride + column * columnStride]
    }
    nonmutating set {
      _checkIndex(row, column)
      base[row * rowStride + column * columnStride] = newValue
    }
  }

  @inlinable @inline(__always)
  func _checkIndex(_ row: Int, _ column: Int) {
    assert(row >= 0 && row < dimension && column >= 0 && column < dimension, "Jacobian index out of range")
    if let band = bandwidths {
      assert(row - column <= band.lower && column - row <= band.upper, "Jacobian entry outside the band")
    }
  }
}
