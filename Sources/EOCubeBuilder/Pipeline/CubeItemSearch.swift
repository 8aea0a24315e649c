import STACClient

/// Finds the items to ingest: a STAC API search or a static catalog / ItemCollection filtered
/// locally, by collection, datetime, bbox and query.
public struct CubeItemSearch: Sendable {
    /// API root URL, or catalog.json / collection.json / ItemCollection path or URL.
    public var source: String
    /// The search.
    public var search: STACSearch

    /// A search of `source`.
    public init(source: String, search: STACSearch) {
        self.source = source
        self.search = search
    }

    /// Every matching item.
    public func items(client: STACClient = STACClient()) async throws(CubeBuilderError) -> [STACItem] {
        do {
            return try await client.items(at: source, matching: search).collect()
        } catch {
            throw .catalog(source: source, cause: .wrapping(error))
        }
    }
}
