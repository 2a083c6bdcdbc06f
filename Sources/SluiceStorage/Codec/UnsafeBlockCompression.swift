import CLZ4
import CZstd
import SluiceColumnar

/// Block compression through liblz4 and libzstd (one-shot APIs; a block is one arena chunk).
enum UnsafeBlockCompression {
    /// Compresses `input` with `codec`.
    static func compress(_ input: UnsafeRawBufferPointer, codec: SnapshotCodec) throws(SluiceError) -> [UInt8] {
        guard let source = input.baseAddress, !input.isEmpty else { return [] }
        switch codec {
        case .none:
            return Array(input)
        case .lz4:
            guard input.count <= Int(LZ4_MAX_INPUT_SIZE) else {
                throw .internalError("a snapshot block of \(input.count) bytes exceeds LZ4's input limit")
            }
            let bound = Int(LZ4_compressBound(Int32(input.count)))
            var out = [UInt8](repeating: 0, count: bound)
            let n = out.withUnsafeMutableBytes { dst in
                // SAFETY: LZ4 reads input.count bytes of the source and writes at most `bound` bytes.
                LZ4_compress_default(source.assumingMemoryBound(to: CChar.self),
                                     dst.baseAddress!.assumingMemoryBound(to: CChar.self),
                                     Int32(input.count), Int32(bound))
            }
            guard n > 0 else { throw .internalError("LZ4 failed to compress a block of \(input.count) bytes") }
            out.removeSubrange(Int(n)...)
            return out
        case .zstd:
            let bound = ZSTD_compressBound(input.count)
            var out = [UInt8](repeating: 0, count: bound)
            let n = out.withUnsafeMutableBytes { dst in
                ZSTD_compress(dst.baseAddress!, bound, source, input.count, SnapshotCodec.zstdLevel)
            }
            guard ZSTD_isError(n) == 0 else {
                throw .internalError("zstd failed to compress a block of \(input.count) bytes: \(String(cString: ZSTD_getErrorName(n)))")
            }
            out.removeSubrange(n...)
            return out
        }
    }

    /// Decompresses `input` into `output`, which must be filled exactly; returns a reason on failure.
    static func decompress(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer,
                           codec: SnapshotCodec) -> String? {
        if output.isEmpty { return input.isEmpty ? nil : "\(input.count) bytes stored for an empty block" }
        switch codec {
        case .none:
            guard input.count == output.count else { return "stored length \(input.count) != expected \(output.count)" }
            output.copyMemory(from: input)
            return nil
        case .lz4:
            guard let src = input.baseAddress, let dst = output.baseAddress else {
                return input.count == output.count ? nil : "empty block"
            }
            // SAFETY: LZ4_decompress_safe never reads past input.count nor writes past output.count.
            let n = LZ4_decompress_safe(src.assumingMemoryBound(to: CChar.self), dst.assumingMemoryBound(to: CChar.self),
                                        Int32(input.count), Int32(output.count))
            if n < 0 { return "LZ4 reports malformed input (code \(n))" }
            return Int(n) == output.count ? nil : "LZ4 produced \(n) bytes, expected \(output.count)"
        case .zstd:
            guard let dst = output.baseAddress else { return nil }
            let n = ZSTD_decompress(dst, output.count, input.baseAddress, input.count)
            if ZSTD_isError(n) != 0 { return "zstd: \(String(cString: ZSTD_getErrorName(n)))" }
            return n == output.count ? nil : "zstd produced \(n) bytes, expected \(output.count)"
        }
    }
}
