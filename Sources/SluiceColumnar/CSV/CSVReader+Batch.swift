/// The batch loop of `CSVReader`: tokenize up to `batchSize` records, decode each column, then drop
/// (or fail on) the rows that did not parse.
extension CSVReader {
    /// A line the tokenizer rejected, with what is needed to describe it later.
    struct LineIssue {
        var offset: Int
        var status: UnsafeCSVTokenizer.Status
        var fields: Int
    }

    /// Reads one batch; it may be empty when every line in it was skipped.
    func readBatch() throws(SluiceError) -> RecordBatch {
        let fieldCount = schema.count
        let spanStride = fieldCount * 2
        var rows = 0
        var batchStart = position
        var lineIssues: [LineIssue] = []
        var failure: LineIssue?
        // The window's fields in locals: the loop runs once per record and must not reload them.
        var p = input.bytes, count = input.count, atEnd = input.atEnd
        var limit = splitEnd == Int.max ? Int.max : splitEnd - input.base
        let batchSize = options.batchSize
        // Plain records go through the structural-index fast path; the record it stops at goes through
        // `scan`. After the fast path found nothing (quoted data, the last bytes of the window), the
        // next `slowRecords` records skip it; the penalty doubles on every miss, up to 32.
        var slowRecords = plainFastPath ? 0 : Int.max, penalty = 0
        tokenizing: while rows < batchSize {
            if position >= limit { finished = true; break }
            if slowRecords == 0 {
                let plain = tokenizer.plainRecords(p, from: position, count: count, limit: limit, maxRows: batchSize - rows,
                                                   spans: spans + rows &* spanStride, spanBase: batchStart)
                rows &+= plain.rows
                position = plain.next
                if plain.rows > 0 {
                    penalty = 0
                } else {
                    penalty = min(2 * penalty + 1, 32)
                    slowRecords = penalty
                }
                if rows == batchSize || position >= limit { continue tokenizing }
            } else {
                slowRecords -= 1
            }
            let scan = tokenizer.scan(p, from: position, count: count, atEnd: atEnd,
                                      spans: spans + rows &* spanStride, spanBase: batchStart)
            switch scan.status {
            case .record where scan.fields == fieldCount:
                rows &+= 1
                position = scan.next
                continue tokenizing
            case .emptyLine:
                position = scan.next
                continue tokenizing
            case .incomplete:
                guard count - batchStart < Int(Int32.max) - input.chunkSize else {
                    throw SluiceError(.invalidInput, "a CSV record or batch is longer than 2 GiB; use a smaller batch size",
                                      context: .init(file: name, line: try? input.lineNumber(at: input.base + position)))
                }
                let shift = try input.refill(keepingFrom: batchStart)
                position -= shift
                batchStart -= shift
                (p, count, atEnd) = (input.bytes, input.count, input.atEnd)
                limit = splitEnd == Int.max ? Int.max : splitEnd - input.base
                continue tokenizing
            case .end:
                finished = true
                break tokenizing
            case .record, .unterminatedQuote, .junkAfterQuote:
                let issue = LineIssue(offset: input.base + (scan.status == .record ? position : scan.problem),
                                      status: scan.status, fields: scan.fields)
                guard options.ignoreParseErrors else { failure = issue; break tokenizing }
                lineIssues.append(issue)
                position = scan.next
            }
        }
        return try decodeBatch(rows: rows, batchStart: batchStart, lineIssues: lineIssues, failure: failure)
    }

    private func decodeBatch(rows: Int, batchStart: Int, lineIssues: [LineIssue],
                             failure: LineIssue?) throws(SluiceError) -> RecordBatch {
        let decoder = UnsafeCSVColumnDecoder(
            p: input.bytes + batchStart, spans: spans, fieldCount: schema.count, rows: rows, quote: options.quote,
            nullBytes: nullBytes, nullCount: options.nullLiteral.map { $0.utf8.count } ?? -1, scratch: scratch,
            dictionaries: dictionaries)
        var failures = UnsafeCSVColumnDecoder.Failures(stopAtFirst: !options.ignoreParseErrors)
        var columns: [Column] = []
        columns.reserveCapacity(outputColumns.count)
        for c in outputColumns {
            let field = schema[c]
            guard let column = decoder.decode(c, as: field.type, &failures) else { continue }
            if !field.nullable && column.hasNulls {
                // The first NULL is enough when failing; when skipping, every NULL row goes.
                for r in 0..<rows where column.isNull(r) {
                    failures.rowsAndColumns.append((r, c))
                    if failures.stopAtFirst { break }
                }
            }
            columns.append(column)
        }
        if !options.ignoreParseErrors {
            if let first = failures.rowsAndColumns.min(by: { ($0.row, $0.column) < ($1.row, $1.column) }) {
                throw fieldError(decoder, row: first.row, column: first.column, batchStart: batchStart)
            }
            if let failure { throw lineError(failure) }
            return try RecordBatch(schema: outputSchema, columns: columns, count: rows)
        }
        account(decoder, failures.rowsAndColumns, lineIssues, batchStart: batchStart)
        guard !failures.rowsAndColumns.isEmpty else { return try RecordBatch(schema: outputSchema, columns: columns, count: rows) }
        var bad = [Bool](repeating: false, count: rows)
        for f in failures.rowsAndColumns { bad[f.row] = true }
        let keep = SelectionVector((0..<rows).filter { !bad[$0] })
        return try RecordBatch(schema: outputSchema, columns: columns.map { Take.take($0, keep) }, count: keep.count)
    }

    /// Counts the skipped lines of a batch and keeps the first errors, in file order.
    private func account(_ decoder: UnsafeCSVColumnDecoder, _ fieldFailures: [(row: Int, column: Int)],
                         _ lineIssues: [LineIssue], batchStart: Int) {
        var firstPerRow: [Int: Int] = [:]
        for f in fieldFailures where (firstPerRow[f.row].map { f.column < $0 } ?? true) { firstPerRow[f.row] = f.column }
        skippedLines += lineIssues.count + firstPerRow.count
        guard errors.count < CSVReader.maxKeptErrors else { return }
        // Describe only as many as can be kept: sort the candidates by file offset.
        var candidates: [(offset: Int, make: () -> SluiceError)] = []
        for issue in lineIssues { candidates.append((issue.offset, { self.lineError(issue) })) }
        for (row, column) in firstPerRow {
            let offset = input.base + batchStart + decoder.span(row, column).start
            candidates.append((offset, { self.fieldError(decoder, row: row, column: column, batchStart: batchStart) }))
        }
        candidates.sort { $0.offset < $1.offset }
        for candidate in candidates.prefix(CSVReader.maxKeptErrors - errors.count) {
            errors.append(candidate.make())
        }
    }
}
