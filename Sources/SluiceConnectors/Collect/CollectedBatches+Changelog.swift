import SluiceColumnar
import SluiceRuntime

/// Reading a collect sink's result with its row kinds, or as Swift values.
///
/// The runtime's `CollectSink` keeps batches as they arrive, row kinds included; these views expose
/// them (`rows()` alone drops the kinds).
extension CollectedBatches {
    /// Every row with its kind, in arrival order.
    public func changelog() -> [(kind: RowKind, values: [Value])] {
        batches.flatMap { batch in
            (0..<batch.count).map { i in
                (batch.rowKind(at: batch.selection.map { $0[i] } ?? i), batch.row(i))
            }
        }
    }

    /// Every row in Flink's print format (`+I[red, 12]`), in arrival order.
    public func changelogLines() -> [String] { batches.flatMap { PrintFormat.lines($0) } }

    /// Every row decoded as `T` (`BatchDecoder`); row kinds are not part of the values.
    public func decode<T: Decodable>(_ type: T.Type) throws(SluiceError) -> [T] {
        var out: [T] = []
        for batch in batches { out += try BatchDecoder.decode(type, from: batch.compacted()) }
        return out
    }
}
