/// Renders batches as a boxed text table, as Flink's SQL client prints results in tableau mode.
///
///     +----+--------+-------+
///     | op |  color |   cnt |
///     +----+--------+-------+
///     | +I |    red |  1203 |
///     +----+--------+-------+
///     1 row in set
///
/// Numbers are right-aligned, text left-aligned; the `op` column appears for changelog batches or
/// when asked for.
public struct TablePrinter {
    public var showRowKind: Bool?
    public var maxColumnWidth: Int

    public init(showRowKind: Bool? = nil, maxColumnWidth: Int = 40) {
        self.showRowKind = showRowKind
        self.maxColumnWidth = maxColumnWidth
    }

    public func render(_ batches: [RecordBatch], schema: Schema) -> String {
        let withKind = showRowKind ?? batches.contains { $0.isChangelog }
        var header = schema.names
        var rightAligned = schema.fields.map { $0.type.isNumeric }
        if withKind { header.insert("op", at: 0); rightAligned.insert(false, at: 0) }
        var rows: [[String]] = []
        for batch in batches {
            for r in 0..<batch.count {
                let physical = batch.selection.map { $0[r] } ?? r
                var cells = batch.columns.map { clip($0.formatted(at: physical)) }
                if withKind { cells.insert(batch.rowKind(at: physical).description, at: 0) }
                rows.append(cells)
            }
        }
        var widths = header.map(\.count)
        for row in rows { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) } }
        let rule = "+" + widths.map { String(repeating: "-", count: $0 + 2) }.joined(separator: "+") + "+"
        func line(_ cells: [String]) -> String {
            var parts: [String] = []
            for (i, cell) in cells.enumerated() {
                let pad = String(repeating: " ", count: widths[i] - cell.count)
                parts.append(" " + (rightAligned[i] ? pad + cell : cell + pad) + " ")
            }
            return "|" + parts.joined(separator: "|") + "|"
        }
        var out = [rule, line(header), rule]
        for row in rows { out.append(line(row)) }
        out.append(rule)
        out.append(rows.count == 1 ? "1 row in set" : "\(rows.count) rows in set")
        return out.joined(separator: "\n") + "\n"
    }

    public func render(_ batch: RecordBatch) -> String { render([batch], schema: batch.schema) }

    private func clip(_ text: String) -> String {
        text.count <= maxColumnWidth ? text : String(text.prefix(maxColumnWidth - 3)) + "..."
    }
}
