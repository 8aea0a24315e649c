import ArgumentParser
import EOCubeBuilder

/// `eocube info`: what a cube store holds.
struct InfoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info",
        abstract: "Show a store's groups and arrays, and per cube the filled day slots and fill fraction per band.")

    @Argument(help: "Store directory.")
    var store: String

    @Flag(help: "Print everything as one JSON document (for scripts).")
    var json = false

    func run() async throws {
        let info = try await CubeInfo.inspect(store)
        print(json ? info.json.jsonString(prettyPrinted: true) : info.description)
    }
}
