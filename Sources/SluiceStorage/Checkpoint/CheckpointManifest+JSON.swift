import SluiceColumnar

/// The manifest file: a header line (format, version, body length, CRC32C of the body) and the body,
/// a JSON object, on the second line. The checksum catches a flipped byte that would still parse.
extension CheckpointManifest {
    static let formatName = "sluice-checkpoint-manifest"

    public func encoded() -> [UInt8] {
        let body = Array(json.serialized.utf8)
        let header: JSONValue = .object([
            ("format", .string(Self.formatName)), ("version", .int(Self.formatVersion)),
            ("length", .int(Int64(body.count))), ("crc32c", .int(Int64(CRC32C.checksum(body)))),
        ])
        return Array(header.serialized.utf8) + [0x0A] + body + [0x0A]
    }

    /// Decodes and checks a manifest file's bytes; `path` names the file in errors.
    public static func decode(_ bytes: [UInt8], path: String) throws(SluiceError) -> CheckpointManifest {
        func corrupt(_ what: String) -> SluiceError {
            SluiceError(.corruptState, "checkpoint manifest '\(path)' is corrupt: \(what)", context: .init(file: path))
        }
        guard let newline = bytes.firstIndex(of: 0x0A) else { throw corrupt("no header line") }
        let header: JSONValue
        do { header = try JSONValue.parse(bytes[..<newline]) } catch { throw corrupt("header: \(error.message)") }
        guard header["format"] == .string(formatName) else { throw corrupt("not a Sluice checkpoint manifest") }
        guard case .int(let version)? = header["version"], version == formatVersion else {
            throw SluiceError(.unsupported, "checkpoint manifest '\(path)' has format version \(header["version"]?.serialized ?? "?"); this build reads version \(formatVersion)", context: .init(file: path))
        }
        guard case .int(let length)? = header["length"], case .int(let crc)? = header["crc32c"] else {
            throw corrupt("header lacks length or crc32c")
        }
        let start = newline + 1
        guard length >= 0, start + Int(length) + 1 == bytes.count, bytes.last == 0x0A else {
            throw corrupt("body is \(bytes.count - start) bytes with its newline, header says \(length) + 1")
        }
        let body = Array(bytes[start..<(start + Int(length))])
        let actual = CRC32C.checksum(body)
        guard Int64(actual) == crc else {
            throw corrupt("checksum mismatch in the body at byte offset \(start) (stored \(crc), computed \(actual))")
        }
        do { return try CheckpointManifest(json: try JSONValue.parse(body)) } catch {
            throw corrupt(error.message)
        }
    }

    var json: JSONValue {
        .object([
            ("id", .int(id)), ("kind", .string(kind.rawValue)), ("jobID", .string(jobID)),
            ("createdAtMillis", .int(createdAtMillis)), ("durationMillis", .int(durationMillis)),
            ("maxParallelism", .int(Int64(maxParallelism))),
            ("state", .array(state.map { s in .object([
                ("operator", .string(s.operatorUID)), ("subtask", .int(Int64(s.subtask))),
                ("parallelism", .int(Int64(s.parallelism))), ("keyGroupFirst", .int(Int64(s.keyGroups.lowerBound))),
                ("keyGroupLast", .int(Int64(s.keyGroups.upperBound))),
                ("files", .array(s.files.map { f in .object([
                    ("path", .string(f.path)), ("bytes", .int(f.bytes)), ("writtenBy", .int(f.writtenBy)),
                    ("chunks", .array(f.chunks.map { .int(Int64($0)) })),
                ]) })),
            ]) })),
            ("sources", .array(sources.map { p in .object([
                ("operator", .string(p.operatorUID)), ("subtask", .int(Int64(p.subtask))),
                ("parallelism", .int(Int64(p.parallelism))), ("split", .string(p.split)), ("offset", .int(p.offset)),
            ]) })),
            ("sinks", .array(sinks.map { t in .object([
                ("operator", .string(t.operatorUID)), ("subtask", .int(Int64(t.subtask))),
                ("transaction", .string(t.transaction)),
            ]) })),
        ])
    }

    init(json j: JSONValue) throws(SluiceError) {
        let what = "manifest"
        guard let kind = Kind(rawValue: try j.string("kind", in: what)) else {
            throw SluiceError(.corruptState, "manifest: unknown kind")
        }
        var state: [SubtaskState] = []
        for s in try j.array("state", in: what) {
            let first = Int(try s.int("keyGroupFirst", in: "state entry"))
            let last = Int(try s.int("keyGroupLast", in: "state entry"))
            guard first <= last else { throw SluiceError(.corruptState, "state entry: key groups \(first)…\(last)") }
            var files: [StateFile] = []
            for f in try s.array("files", in: "state file") {
                var chunks: [Int] = []
                for c in try f.array("chunks", in: "state file") {
                    guard case .int(let n) = c else { throw SluiceError(.corruptState, "state file: chunk is not an integer") }
                    chunks.append(Int(n))
                }
                files.append(StateFile(path: try f.string("path", in: "state file"), bytes: try f.int("bytes", in: "state file"),
                                       writtenBy: try f.int("writtenBy", in: "state file"), chunks: chunks))
            }
            state.append(SubtaskState(operatorUID: try s.string("operator", in: "state entry"),
                                      subtask: Int(try s.int("subtask", in: "state entry")),
                                      parallelism: Int(try s.int("parallelism", in: "state entry")),
                                      keyGroups: first...last, files: files))
        }
        var sources: [SourcePosition] = []
        for p in try j.array("sources", in: what) {
            sources.append(SourcePosition(operatorUID: try p.string("operator", in: "source"), subtask: Int(try p.int("subtask", in: "source")),
                                          parallelism: Int(try p.int("parallelism", in: "source")),
                                          split: try p.string("split", in: "source"), offset: try p.int("offset", in: "source")))
        }
        var sinks: [SinkTransaction] = []
        for t in try j.array("sinks", in: what) {
            sinks.append(SinkTransaction(operatorUID: try t.string("operator", in: "sink"), subtask: Int(try t.int("subtask", in: "sink")),
                                         transaction: try t.string("transaction", in: "sink")))
        }
        self.init(id: try j.int("id", in: what), kind: kind, jobID: try j.string("jobID", in: what), createdAtMillis: try j.int("createdAtMillis", in: what),
                  durationMillis: try j.int("durationMillis", in: what), maxParallelism: Int(try j.int("maxParallelism", in: what)),
                  state: state, sources: sources, sinks: sinks)
    }
}
