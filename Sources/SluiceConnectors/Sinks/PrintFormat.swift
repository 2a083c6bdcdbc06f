import SluiceColumnar

/// Flink's text form of a row: its kind, then its values in brackets — `+I[red, 12]`, `-U[red, 11]`.
///
/// Values are written as Flink prints them (`Column.formatted`: NULL, TRUE/FALSE, timestamps with
/// their precision). The print sink and `CollectedBatches.changelogLines()` use it.
public enum PrintFormat {
    /// One line per logical row of `batch`, without a line break.
    public static func lines(_ batch: RecordBatch) -> [String] {
        var lines: [String] = []
        lines.reserveCapacity(batch.count)
        for i in 0..<batch.count {
            let row = batch.selection.map { $0[i] } ?? i
            var line = batch.rowKind(at: row).description + "["
            for (c, column) in batch.columns.enumerated() {
                if c > 0 { line += ", " }
                line += column.formatted(at: row)
            }
            lines.append(line + "]")
        }
        return lines
    }
}
