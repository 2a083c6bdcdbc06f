import SluiceColumnar

// `Array.withUnsafe…` rethrows untyped errors; these keep `throws(SluiceError)` intact.

@inline(__always)
func withBytes<T, R>(of array: [T], _ body: (UnsafeRawBufferPointer) throws(SluiceError) -> R) throws(SluiceError) -> R {
    let result: Result<R, SluiceError> = array.withUnsafeBytes { p in Result { () throws(SluiceError) -> R in try body(p) } }
    return try result.get()
}

@inline(__always)
func withElements<T, R>(of array: [T], _ body: (UnsafeBufferPointer<T>) throws(SluiceError) -> R) throws(SluiceError) -> R {
    let result: Result<R, SluiceError> = array.withUnsafeBufferPointer { p in Result { () throws(SluiceError) -> R in try body(p) } }
    return try result.get()
}

@inline(__always)
func withMutableElements<T, R>(of array: inout [T], _ body: (UnsafeMutableBufferPointer<T>) throws(SluiceError) -> R) throws(SluiceError) -> R {
    let result: Result<R, SluiceError> = array.withUnsafeMutableBufferPointer { p in Result { () throws(SluiceError) -> R in try body(p) } }
    return try result.get()
}
