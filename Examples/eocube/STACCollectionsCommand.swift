import ArgumentParser
import STACClient

/// `eocube stac collections`: the collections of a STAC API.
struct STACCollectionsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "collections", abstract: "List the collections of a STAC API (id, title, temporal extent).")

    @Argument(help: "STAC API root URL.")
    var url: String

    @Flag(help: "Print the collections as one JSON array instead of a table.")
    var json = false

    @OptionGroup var http: STACHTTPOptions

    func run() async throws {
        try await reportingSTACFailures {
            let collections = try await STACClient(configuration: try http.configuration()).collections(url)
            if json {
                StandardOutput.write(JSONValue.array(collections.map(\.json)).jsonBytes(prettyPrinted: true) + [0x0A])
                return
            }
            for c in collections.sorted(by: { $0.id < $1.id }) {
                let interval = c.extent["temporal"]?["interval"]?.arrayValue?.first?.arrayValue
                let span = interval.map { $0.map { $0.stringValue ?? ".." }.joined(separator: "/") } ?? "-"
                print("\(c.id)\t\(c.title ?? "")\t\(span)")
            }
        }
    }
}
