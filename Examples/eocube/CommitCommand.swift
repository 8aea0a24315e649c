import ArgumentParser
import EOCubeBuilder
import Foundation

/// `eocube commit`: finish a planned build once every unit has.
struct CommitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "commit",
        abstract: "Commit a planned build: check every unit finished, re-consolidate the metadata, write the commit record.",
        discussion: "Lists the unfinished units (and commits nothing) when some are missing. Of two commits at once, one wins; the other says so.")

    @Option(help: "The plan 'eocube plan' wrote: a path or an s3:// URL.")
    var plan: String

    @Option(help: "Where to write the cube's STAC Collection (default: <store>/<group>/collection.json), or 'none'.")
    var stacCollection: String?

    func run() async throws {
        let loaded = try CubePlan.read(from: plan)
        switch try await CubePlanCommit(plan: loaded).run() {
        case .committed(let record):
            print("committed plan \(plan): \(record.units) unit(s), \(record.ingestedItems) item(s) ingested, \(record.blocksWritten) block(s) written, "
                  + "\(record.outsideItems.count) outside the cube, \(record.skippedItems.count) skipped; units ran \(String(format: "%.1f", record.unitSeconds)) s in all")
            for (id, reason) in record.skippedItems.sorted(by: { $0.key < $1.key }) { print("skipped \(id): \(reason)") }
            if stacCollection != "none" {
                let path = try await CubeCollectionFile.write(store: loaded.store, group: loaded.settings.groupPath, output: stacCollection,
                                                              id: nil, derivedFrom: loaded.sources)
                print("STAC Collection of the cube: \(path)")
            }
        case .alreadyCommitted(let record):
            print("lost: plan \(plan) was already committed at \(record.committed) by \(record.committer); nothing changed")
        }
    }
}
