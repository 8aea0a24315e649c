import ArgumentParser
import STACClient

/// `eocube stac read`: one STAC document (catalog, collection, item, ItemCollection) or an API landing page.
struct STACReadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "read",
        abstract: "Read a STAC document (path or URL) and print a summary, or the normalised JSON with --json.")

    @Argument(help: "Path or URL of a catalog, collection, item or ItemCollection, or a STAC API root.")
    var location: String

    @Flag(help: "Print the document's JSON instead of a summary.")
    var json = false

    @OptionGroup var http: STACHTTPOptions

    func run() async throws {
        try await reportingSTACFailures {
            let client = STACClient(configuration: try http.configuration())
            let object = try await client.read(location)
            if json {
                let value: JSONValue
                switch object {
                case .catalog(let c): value = c.json
                case .collection(let c): value = c.json
                case .item(let i): value = i.json
                case .itemCollection(let ic): value = ic.json
                }
                StandardOutput.write(value.jsonBytes(prettyPrinted: true) + [0x0A])
                return
            }
            switch object {
            case .catalog(let c):
                print("Catalog \(c.id): \(c.title ?? c.description)")
                print("  children: \(c.links.all(rel: "child").count), items: \(c.links.all(rel: "item").count)")
                if let conformance = c.conformsTo { print("  conforms to \(conformance.count) classes") }
            case .collection(let c):
                print("Collection \(c.id): \(c.title ?? c.description)")
                if let bbox = c.spatialExtent.first { print("  bbox: \(bbox)") }
                print("  children: \(c.links.all(rel: "child").count), items: \(c.links.all(rel: "item").count)")
            case .item(let i):
                print("Item \(i.id) (collection \(i.collection ?? "-")), datetime \(i.properties["datetime"]?.stringValue ?? "-")")
                for key in i.assets.keys.sorted() { print("  \(key): \(i.assetHref(key) ?? "")") }
            case .itemCollection(let ic):
                print("ItemCollection with \(ic.features.count) items")
            }
        }
    }
}
