import ArgumentParser
import FanoutInput
import Foundation
import RunStore
import TextOutput

/// `fanout runs merge OUT A B ...`: the stores of a sharded sweep as one.
struct RunsMergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Merge run stores (e.g. one per shard) into one.",
        discussion: """
            Every run and analysis of the inputs that the output lacks is copied, with its line \
            items, limits, metrics, hours, breaking points and tornado rows, in one transaction. A \
            configuration hash already in the output (or in an earlier input) is kept once; stored \
            with different results, it is an error and nothing is merged. The inputs are read only. \
            The output is created if missing (and removed again if the merge fails).

            Example:
              fanout runs merge runs.sqlite shard-1.sqlite shard-2.sqlite shard-3.sqlite shard-4.sqlite
            """
    )

    @Argument(help: ArgumentHelp("The store to merge into (created if missing).", valueName: "out"))
    var output: String

    @Argument(help: ArgumentHelp("The stores to merge from.", valueName: "store"))
    var inputs: [String] = []

    func run() throws {
        try reportingInputErrors {
            guard !inputs.isEmpty else {
                throw InputError(source: "runs merge", keyPath: "", message: "needs at least one store to merge from")
            }
            let target = Self.identity(output)
            for input in inputs where Self.identity(input) == target {
                throw InputError(source: input, keyPath: "", message: "is also the output; name it once")
            }
            let companions = [output, output + "-wal", output + "-shm"]
            let created = companions.filter { !FileManager.default.fileExists(atPath: $0) }
            let merged: [RunStore.MergedStore]
            do throws(InputError) {
                let store = try RunStore(path: output)
                merged = try store.merge(from: inputs)
            } catch {
                if created.first == output {
                    for path in created { try? FileManager.default.removeItem(atPath: path) }
                }
                throw error
            }
            var totals: [String: Int] = [:]
            for store in merged {
                let parts = store.tables.map { table in
                    totals[table.name, default: 0] += table.added
                    return "\(table.name) \(table.added) added, \(table.alreadyStored) already stored"
                }
                print("\(store.path): \(parts.joined(separator: "; "))")
            }
            let added = totals.keys.sorted().map { "\(totals[$0]!) \($0)" }.joined(separator: ", ")
            print("merged \(counted(Double(inputs.count), "store")) into \(output): \(added) added")
        }
    }

    /// The file a path names (symbolic links and `..` resolved), to spot an input that is the output.
    static func identity(_ path: String) -> String {
        URL(fileURLWithPath: path).resolvingSymlinksInPath().standardizedFileURL.path
    }
}
