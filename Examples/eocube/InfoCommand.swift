import ArgumentParser
import EOCubeBuilder

/// `eocube info`: what a cube store holds.
struct InfoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info",
        abstract: "Show a store's groups and arrays, and per cube the filled day slots and fill fraction per band.")

    @Argument(help: "Store directory.")
    var store: String

    func run() async throws {
        print(try await CubeInfo.inspect(store))
    }
}
