import ArgumentParser
import Foundation
import STACClient

/// `eocube stac search`: items of a STAC API search or of a static catalog, as an ItemCollection or JSON lines.
struct STACSearchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Search a STAC API (or filter a static catalog / ItemCollection) and print the items.",
        discussion: """
            URL is a STAC API root (or its /search endpoint), or a catalog.json, collection.json or
            ItemCollection file (path or URL). Example:
              eocube stac search http://127.0.0.1:8082 --collection SENTINEL1_SIG0_20M \\
                --datetime 2021-01/2021-03 --query '{"Equi7_TileID": {"eq": "EU020M_E051N015T3"}}' --max-items 100
            """)

    @Argument(help: "STAC API URL, or static catalog / collection / ItemCollection path or URL.")
    var url: String

    @Option(name: .customLong("collection"), help: "Collection id (repeatable, or comma-separated).")
    var collections: [String] = []

    @Option(name: .customLong("id"), help: "Item id (repeatable, or comma-separated).")
    var ids: [String] = []

    @Option(help: "Acquisition time: an RFC 3339 instant, a date (2021, 2021-03, 2021-03-04) or an interval A/B with '..' for open ends.")
    var datetime: String?

    // Unconditional: the value may start with '-' (`--bbox -10,40,0,50`).
    @Option(parsing: .unconditional, help: "Bounding box west,south,east,north (WGS 84), e.g. --bbox -10,40,0,50.")
    var bbox: String?

    @Option(help: "GeoJSON geometry the items must intersect.")
    var intersects: String?

    @Option(help: #"Query extension JSON, e.g. '{"Equi7_TileID": {"eq": "EU020M_E051N015T3"}}'."#)
    var query: String?

    @Option(help: "CQL2 filter: cql2-json when it starts with '{', else cql2-text.")
    var filter: String?

    @Option(help: "Sort keys, e.g. --sortby=-properties.datetime,id (use '=' when the first key starts with '-').")
    var sortby: String?

    @Option(help: "Fields to include/exclude, e.g. --fields=id,properties.datetime,-geometry.")
    var fields: String?

    @Option(help: "Page size asked of the server.")
    var limit: Int?

    @Option(name: .customLong("max-items"), help: "Stop after this many items.")
    var maxItems: Int?

    @Option(help: "HTTP method of the search: post or get.")
    var method: String = "post"

    @Flag(help: "Print one item per line (JSON lines) as pages arrive, instead of one ItemCollection.")
    var lines = false

    @Flag(help: "Pretty-print the ItemCollection.")
    var pretty = false

    @OptionGroup var http: STACHTTPOptions

    func makeSearch() throws -> STACSearch {
        func list(_ values: [String]) -> [String]? {
            let all = values.flatMap { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }.filter { !$0.isEmpty }
            return all.isEmpty ? nil : all
        }
        func json(_ text: String, _ option: String) throws -> JSONValue {
            do { return try JSONValue(parsing: text) } catch { throw ValidationError("--\(option) is not valid JSON: \(error)") }
        }
        var search = STACSearch(collections: list(collections), ids: list(ids), limit: limit, maxItems: maxItems)
        guard let m = STACSearch.Method(rawValue: method.uppercased()) else { throw ValidationError("--method must be get or post") }
        search.method = m
        if let bbox {
            do { search.bbox = try STACSearch.boundingBox(parsing: bbox) } catch { throw ValidationError("--bbox: \(error)") }
        }
        if let intersects { search.intersects = try json(intersects, "intersects") }
        if let datetime {
            do { search.datetime = try STACDatetimeFilter(parsing: datetime) } catch { throw ValidationError("--datetime: \(error)") }
        }
        if let query {
            guard let object = try json(query, "query").objectValue else { throw ValidationError("--query must be a JSON object") }
            search.query = object
        }
        if let filter { search.filter = try STACFilter(parsing: filter) }
        if let sortby { search.sortBy = sortby.split(separator: ",").map { STACSortField(parsing: String($0)) } }
        if let fields { search.fields = STACFields(parsing: fields) }
        try search.validate()
        return search
    }

    func run() async throws {
        try await reportingSTACFailures {
            let search = try makeSearch()
            let client = STACClient(configuration: try http.configuration())
            let results = client.items(at: url, matching: search)
            if lines {
                for try await page in results.pages {
                    var out: [UInt8] = []
                    for item in page.items { out += item.jsonBytes(); out.append(0x0A) }
                    StandardOutput.write(out)
                }
            } else {
                var collection = try await results.itemCollection()
                collection.numberReturned = collection.features.count
                var out = collection.jsonBytes(prettyPrinted: pretty)
                out.append(0x0A)
                StandardOutput.write(out)
            }
        }
    }
}
