import ArgumentParser

/// The `sluice` command line.
@main
struct SluiceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sluice",
        abstract: "Sluice: a columnar dataflow engine for streams and bounded data.",
        discussion: """
        Run `sluice run bench-data/events.csv` for the introductory job: drop the orange events and \
        count the rest per color.
        """,
        subcommands: [RunCommand.self, SQLCommand.self, CheckpointsCommand.self, BenchCommand.self]
    )
}
