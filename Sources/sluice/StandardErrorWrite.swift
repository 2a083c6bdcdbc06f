#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes bytes to standard error (unbuffered, so statistics interleave correctly with failures).
func fwriteStderr(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
    guard let base = bytes.baseAddress, bytes.count > 0 else { return 0 }
    return write(2, base, bytes.count)
}
