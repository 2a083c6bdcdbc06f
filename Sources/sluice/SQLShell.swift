import Foundation
import Sluice

/// `sluice sql` without a file: reads statements from standard input and runs each one as soon as its
/// `;` arrives, printing a prompt when the input is a terminal (`Flink SQL>`, then `> ` for continued
/// lines). Errors are printed and the shell goes on; end of input (Ctrl-D) or `QUIT;` ends it.
struct SQLShell {
    let session: SQLSession
    let run: (SQLSession, LocatedStatement) throws(SluiceError) -> Void

    func loop() {
        let interactive = isatty(STDIN_FILENO) != 0
        var buffer = ""
        if interactive { prompt("Flink SQL> ") }
        while let line = readLine(strippingNewline: false) {
            buffer += line
            if line.trimmingCharacters(in: .whitespacesAndNewlines).hasSuffix(";") {
                if buffer.trimmingCharacters(in: .whitespacesAndNewlines).uppercased().hasPrefix("QUIT") { return }
                execute(buffer)
                buffer = ""
            }
            if interactive { prompt(buffer.isEmpty ? "Flink SQL> " : "> ") }
        }
        if !buffer.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { execute(buffer) }
    }

    private func execute(_ text: String) {
        do {
            for statement in try SQLParser.parseLocated(script: text) { try run(session, statement) }
        } catch {
            printError("error: \(error)")
        }
    }

    private func prompt(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }
}
