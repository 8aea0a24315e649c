/// A client for STAC APIs and static STAC catalogs.
///
/// ```swift
/// let client = STACClient()
/// let search = STACSearch(collections: ["SENTINEL1_SIG0_20M"], datetime: try .init(parsing: "2021-01/2021-03"),
///                         query: ["Equi7_TileID": ["eq": "EU020M_E051N015T3"]])
/// for try await item in client.items(at: "https://stac.example.com", matching: search) {
///     print(item.id, item.assetHref("VV") ?? "-", item.satRelativeOrbit ?? 0)
/// }
/// ```
public struct STACClient: Sendable {
    /// The HTTP settings used for every request.
    public let configuration: STACClientConfiguration
    let fetcher: Fetcher

    /// Creates a client.
    public init(configuration: STACClientConfiguration = .init()) {
        self.configuration = configuration
        fetcher = Fetcher(configuration: configuration)
    }

    // MARK: - Any source

    /// The items matching `search` at `location`: a STAC API root URL (or its `/search`
    /// endpoint), or a static catalog, collection, item or ItemCollection file (path or URL).
    ///
    /// Locations ending in `.json` or `.geojson`, and local paths, are read as static
    /// documents and filtered locally (collections, ids, bbox, datetime, query); anything
    /// else is searched as an API.
    public func items(at location: String, matching search: STACSearch = STACSearch()) -> STACItemSequence {
        if Self.isStaticLocation(location) { return staticItems(at: location, matching: search) }
        return self.search(location, search)
    }

    /// Whether `location` names a static document rather than an API.
    public static func isStaticLocation(_ location: String) -> Bool {
        if !HrefResolver.isURL(location) || location.hasPrefix("file:") { return true }
        let path = location.split(separator: "?", maxSplits: 1).first.map(String.init) ?? location
        return path.hasSuffix(".json") || path.hasSuffix(".geojson")
    }

    // MARK: - STAC API

    /// Searches the API at `apiURL` (its root, or the search endpoint) following `next` links.
    public func search(_ apiURL: String, _ search: STACSearch) -> STACItemSequence {
        let fetcher = self.fetcher
        return STACItemSequence {
            LimitedPages(base: APISearchPages(fetcher: fetcher, apiURL: apiURL, search: search), remaining: search.maxItems)
        }
    }

    /// The landing page of the API at `apiURL`.
    public func landingPage(_ apiURL: String) async throws(STACError) -> STACCatalog {
        var catalog: STACCatalog = try await get(apiURL)
        catalog.location = apiURL
        return catalog
    }

    /// The conformance classes of the API: the landing page's `conformsTo`, else `/conformance`.
    public func conformance(_ apiURL: String) async throws(STACError) -> [String] {
        let landing = try await landingPage(apiURL)
        if let classes = landing.conformsTo { return classes }
        let href = landing.links.first(rel: "conformance").map { HrefResolver.resolve($0.href, against: apiURL) }
            ?? Self.join(apiURL, "conformance")
        let (json, url) = try await fetcher.json(STACRequest(url: href))
        guard let classes = json["conformsTo"]?.stringArray else {
            throw .notSTAC(url: url, reason: "no 'conformsTo' array of strings")
        }
        return classes
    }

    /// All collections of the API, following `next` links of `/collections`.
    public func collections(_ apiURL: String) async throws(STACError) -> [STACCollection] {
        var out: [STACCollection] = []
        var next: String? = Self.join(apiURL, "collections")
        var seen: Set<String> = []
        while let url = next {
            guard seen.insert(url).inserted else { throw .paginationLoop(url: url) }
            let (json, finalURL) = try await fetcher.json(STACRequest(url: url))
            guard case .array(let list)? = json["collections"] else {
                throw .notSTAC(url: finalURL, reason: "expected a 'collections' array")
            }
            for c in list {
                do {
                    var collection = try STACCollection(json: c)
                    collection.location = finalURL
                    out.append(collection)
                } catch { throw error.naming(finalURL) }
            }
            let links = (try? [STACLink](json: json["links"])) ?? []
            next = links.first(rel: "next").map { HrefResolver.resolve($0.href, against: finalURL) }
        }
        return out
    }

    /// The collection `id` of the API.
    public func collection(_ id: String, at apiURL: String) async throws(STACError) -> STACCollection {
        var c: STACCollection = try await get(Self.join(apiURL, "collections/\(SearchRequestBuilder.percentEncode(id))"))
        c.location = Self.join(apiURL, "collections/\(id)")
        return c
    }

    /// The item `id` of collection `collection` of the API.
    public func item(_ id: String, in collection: String, at apiURL: String) async throws(STACError) -> STACItem {
        let url = Self.join(apiURL, "collections/\(SearchRequestBuilder.percentEncode(collection))/items/\(SearchRequestBuilder.percentEncode(id))")
        var item: STACItem = try await get(url)
        item.location = url
        return item
    }

    // MARK: - Static catalogs

    /// Reads one STAC document (catalog, collection, item or ItemCollection) from a path or URL.
    /// Relative hrefs of the result resolve against `location`.
    public func read(_ location: String) async throws(STACError) -> STACObject {
        let (json, url) = try await fetcher.json(STACRequest(url: location))
        var object: STACObject
        do { object = try STACObject(json: json) } catch { throw error.naming(url) }
        object.setLocation(url)
        return object
    }

    /// Reads several STAC documents (in parallel over HTTP), in the order given.
    public func readAll(_ locations: [String]) async throws(STACError) -> [STACObject] {
        let responses = try await fetcher.sendAll(locations.map { STACRequest(url: $0) })
        var out: [STACObject] = []
        out.reserveCapacity(responses.count)
        for (body, url) in responses {
            var object: STACObject
            do {
                object = try STACObject(json: try JSONValue(parsing: body, options: .exact))
            } catch let error as JSONParseError {
                throw .invalidJSON(url: url, reason: error.description)
            } catch let error as STACError {
                throw error.naming(url)
            } catch {
                throw .notSTAC(url: url, reason: "\(error)")
            }
            object.setLocation(url)
            out.append(object)
        }
        return out
    }

    /// Walks the static catalog, collection, ItemCollection or item at `location` and yields
    /// the items matching `search`, evaluated locally.
    ///
    /// Filtering by CQL2 `filter`, `intersects`, `sortby` and `fields` needs an API; such
    /// searches fail with ``STACError/unsupportedForStaticCatalog(location:reason:)``.
    public func staticItems(at location: String, matching search: STACSearch = STACSearch()) -> STACItemSequence {
        let client = self
        return STACItemSequence {
            LimitedPages(base: StaticCatalogPages(client: client, root: location, search: search), remaining: search.maxItems)
        }
    }

    // MARK: - Helpers

    private func get<T: JSONValueConvertible>(_ url: String) async throws(STACError) -> T {
        let (json, finalURL) = try await fetcher.json(STACRequest(url: url))
        do { return try T(json: json) } catch { throw error.naming(finalURL) }
    }

    static func join(_ base: String, _ path: String) -> String {
        (base.hasSuffix("/") ? String(base.dropLast()) : base) + "/" + path
    }
}
