import ArgumentParser
import Foundation
import ZarrStore

/// `eocube stac describe STORE --group G`: the cube's STAC Collection.
struct STACDescribeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "describe", abstract: "Write a STAC Collection describing a cube (datacube and projection extensions, the store as a Zarr asset).",
        discussion: "eocube build writes it too, to <store>/<group>/collection.json unless told otherwise (--stac-collection).")

    @Argument(help: "The store directory.") var store: String
    @Option(help: "The cube group, e.g. s1sig0/EU.") var group: String
    @Option(help: "Where to write the Collection (default: <store>/<group>/collection.json; '-' for standard output).") var output: String?
    @Option(help: "The Collection id (default: <store name>-<group>).") var id: String?
    @Option(name: .customLong("derived-from"), help: "A STAC source the cube was built from (repeatable).") var derivedFrom: [String] = []

    func run() async throws {
        guard ZarrStoreLocation.scheme(of: store) == nil else {
            throw ValidationError("stac describe reads a local store directory; '\(store)' is a URL (copy the store locally first)")
        }
        if let output, output != "-" { try requireLocalOutput(output, option: "--output") }
        if output == "-" {
            let temporary = FileManager.default.temporaryDirectory.appendingPathComponent("collection-\(UUID().uuidString).json").path
            defer { try? FileManager.default.removeItem(atPath: temporary) }
            try await CubeCollectionFile.write(store: store, group: group, output: temporary, id: id, derivedFrom: derivedFrom)
            print(try String(contentsOfFile: temporary, encoding: .utf8))
        } else {
            let path = try await CubeCollectionFile.write(store: store, group: group, output: output, id: id, derivedFrom: derivedFrom)
            print("wrote \(path)")
        }
    }
}
