import Testing
@testable import SluiceColumnar
import SluiceTestSupport


enum TestData {
    static let lengths = [0, 1, 7, 8, 9, 63, 64, 65, 1000]
    static let nullFractions = [0.0, 0.5, 1.0]

    static func ints(_ n: Int, distinct: Int, nulls: Double, _ rng: inout SplitMix64) -> [Int64?] {
        (0..<n).map { _ in Double.random(in: 0..<1, using: &rng) < nulls ? nil : Int64.random(in: 0..<Int64(max(distinct, 1)), using: &rng) * 7919 - 1000 }
    }

    static func strings(_ n: Int, distinct: Int, nulls: Double, _ rng: inout SplitMix64) -> [String?] {
        (0..<n).map { _ in
            Double.random(in: 0..<1, using: &rng) < nulls ? nil : word(Int.random(in: 0..<max(distinct, 1), using: &rng))
        }
    }

    /// Words of varied length, including the empty string and lengths around 8 and 32 bytes.
    static func word(_ i: Int) -> String {
        if i == 0 { return "" }
        let length = [1, 3, 7, 8, 9, 31, 32, 33, 40][i % 9]
        var s = "w\(i)-"
        while s.utf8.count < length { s += "x" }
        return s
    }

    /// A dictionary-encoded column with the same values as `Column.string(values)`; the dictionary
    /// holds extra unused entries to show they never become groups.
    static func dictionaryColumn(_ values: [String?]) -> Column {
        var distinct = ["unused-entry"]
        var codes: [Int32] = []
        var index: [String: Int32] = ["unused-entry": 0]
        for v in values {
            guard let v else { codes.append(99_999); continue }   // a garbage code under NULL
            if let c = index[v] { codes.append(c) } else {
                index[v] = Int32(distinct.count); codes.append(Int32(distinct.count)); distinct.append(v)
            }
        }
        distinct.append("another-unused")
        let validity = values.contains { $0 == nil } ? Bitmap(values.map { $0 != nil }) : nil
        return Column(type: .string, count: values.count,
                      storage: .dictionary(codes: Buffer(codes), dictionary: DictionaryValues(distinct)), validity: validity)
    }

    static func selection(_ n: Int, _ rng: inout SplitMix64) -> SelectionVector {
        SelectionVector((0..<n).filter { _ in Bool.random(using: &rng) })
    }

    /// Logical rows of columns under an optional selection.
    static func rows(_ columns: [Column], selection: SelectionVector?) -> [Int] {
        selection?.toArray() ?? Array(0..<(columns.first?.count ?? 0))
    }
}
