import ArgumentParser
import EOCubeBuilder
import ZarrStore

/// `eocube info`: what a cube store holds.
struct InfoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info",
        abstract: "Show a store's groups and arrays, and per cube the filled day slots and fill fraction per band.")

    @Argument(help: "Store: directory or s3://bucket/prefix (it must be able to list).")
    var store: String

    @Flag(help: "Print everything as one JSON document (for scripts).")
    var json = false

    func run() async throws {
        let location = try ZarrStoreLocation(parsing: store)
        let info = location.isLocal ? try await CubeInfo.inspect(store) : try await CubeInfo.inspect(storage: try location.openStorage(readOnly: true))
        print(json ? info.json.jsonString(prettyPrinted: true) : info.description)
    }
}
