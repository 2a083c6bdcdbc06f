import SluiceTestSupport
import Foundation
import Testing
@testable import SluiceStorage
import SluiceColumnar

/// A scratch directory for one test, removed with everything in it when released.
final class TestDirectory {
    let path: String

    init() {
        path = NSTemporaryDirectory() + "sluice-storage-test-" + UUID().uuidString
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    func file(_ name: String) -> String { path + "/" + name }
}

/// Deterministic pseudo-random numbers so that failures reproduce.
typealias SeededGenerator = SplitMix64

enum StateFixtures {
    /// A key of 0…40 bytes (so both inline and value-arena keys occur), unique per `i`.
    static func key(_ i: Int, length: Int) -> [UInt8] {
        var bytes = withUnsafeBytes(of: UInt64(i).littleEndian) { Array($0) }
        if length < 8 {
            // Short keys: keep them unique by using a distinct prefix space per length.
            return Array(bytes.prefix(length))
        }
        while bytes.count < length { bytes.append(UInt8(truncatingIfNeeded: i &* 31 &+ bytes.count)) }
        return bytes
    }

    /// Keys `0..<n` with lengths cycling through 8…40 (all distinct).
    static func keys(_ n: Int) -> [[UInt8]] { (0..<n).map { key($0, length: 8 + ($0 % 33)) } }

    /// Every entry of the table: key → slot bytes.
    static func contents(_ table: StateTable) -> [[UInt8]: [UInt8]] {
        var out: [[UInt8]: [UInt8]] = [:]
        for group in table.keyGroupRange {
            for entry in table.entries(inKeyGroup: group) { out[entry.key] = table.slotBytes(entry.slot) }
        }
        return out
    }

    /// A table with `n` keys whose 16-byte slot holds (i, i * 3) as two Int64s.
    static func filledTable(_ n: Int, directory: String? = nil, chunkSize: Int = 4096) throws -> StateTable {
        let table = try StateTable(slotWidth: 16, directory: directory, chunkSize: chunkSize)
        for (i, key) in keys(n).enumerated() {
            let slot = try table.findOrInsert(keyBytes: key, hash: Hashing.hashBytes(key))
            table.storeSlot(Int64(i), slot: slot)
            table.storeSlot(Int64(i * 3), slot: slot, field: 8)
        }
        return table
    }
}

/// The error a throwing expression fails with, or nil.
func caughtError<T>(_ body: () throws -> T) -> SluiceError? {
    do {
        _ = try body()
        return nil
    } catch let error as SluiceError {
        return error
    } catch {
        Issue.record("expected a SluiceError, got \(error)")
        return nil
    }
}
