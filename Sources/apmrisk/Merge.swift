import APMRiskKit
import ArgumentParser
import Foundation

/// `apmrisk merge part-*.shard`: the shards of one run, merged into the figures of the whole run.
struct Merge: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Merge the shard files of one run into the figures of the whole run.",
        usage: "apmrisk merge <shard-file> ... [--format table|json|csv|html] [-o <file>]",
        discussion: """
        Reads the shard files 'apmrisk simulate MODEL --shard i/n --output FILE' wrote, in any order, checks that \
        they are the n shards of one run, each once, and writes the figures 'apmrisk simulate MODEL' with the same \
        options would write, bit for bit, but for the run record's timing (threads and seconds: here the shards' \
        sums). The model file is read again from the path the shards ran it from (its text is in every shard; \
        data files it reads must be there unchanged).

        Examples:
          for i in 0 1 2 3; do
            apmrisk simulate Models/knee-replacement-bundle.yaml --trials 1e6 --shard $i/4 -o part-$i.shard
          done
          apmrisk merge part-*.shard --format json -o knee.json
        """
    )

    @Argument(help: "The shard files of one run, in any order.")
    var shards: [String]

    @Option(help: ArgumentHelp("Output format.", valueName: "format"))
    var format = Checked<FormatOption>(argument: "table")

    @Option(name: [.short, .long],
            help: ArgumentHelp("Write the output to this file (atomically) instead of standard output.", valueName: "file"))
    var output: String?

    func validate() throws {
        _ = try format.value()
        if shards.isEmpty { throw ModelError(field: "merge", rule: "needs the shard files to merge, got none") }
    }

    func run() throws {
        _ = try OutputDestination(path: output, inputs: shards)
        let (simulation, record) = try ShardMerge.merge(paths: shards)
        // The model file the shards name is an input too: checked again now that it is known.
        let destination = try OutputDestination(path: output, inputs: shards + [record.modelFile])
        try destination.write(try format.value().render(simulation, record: record))
    }
}
