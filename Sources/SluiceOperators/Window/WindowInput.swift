import SluiceColumnar

/// Checks shared by the window operators.
enum WindowInput {
    /// Windows aggregate append-only streams; a changelog with retractions is refused with a fix.
    static func checkAppendOnly(_ batch: RecordBatch) throws(SluiceError) {
        if batch.isChangelog, (0..<batch.physicalCount).contains(where: { !batch.rowKind(at: $0).isAccumulate }) {
            throw .invalidInput("a window aggregate needs an append-only input, but the batch holds -U/-D rows; window the rows before an updating aggregation, not after it")
        }
    }
}
