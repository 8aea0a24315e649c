/// Something that yields pages of items one after another (an API search, a static catalog walk).
protocol PageProducer: Sendable {
    /// The next page, or `nil` when there are no more.
    mutating func nextPage() async throws(STACError) -> STACItemPage?
}

/// Wraps a producer to stop after `maxItems` items in total, truncating the last page.
struct LimitedPages: PageProducer {
    var base: any PageProducer
    var remaining: Int?

    mutating func nextPage() async throws(STACError) -> STACItemPage? {
        if let r = remaining, r <= 0 { return nil }
        guard var page = try await base.nextPage() else { return nil }
        if let r = remaining {
            if page.items.count > r { page.items.removeLast(page.items.count - r) }
            remaining = r - page.items.count
        }
        return page
    }
}

/// Pages of an API search, following `next` links and refusing to fetch the same request twice.
struct APISearchPages: PageProducer {
    let fetcher: Fetcher
    let search: STACSearch
    /// The API root or the search endpoint itself.
    let apiURL: String
    var nextRequest: STACRequest?
    var started = false
    var seen: Set<STACRequest> = []
    /// The ids of the previous page: a server that hands out fresh `next` tokens but the same
    /// page again is looping too.
    var previousIDs: [String] = []

    init(fetcher: Fetcher, apiURL: String, search: STACSearch) {
        self.fetcher = fetcher
        self.apiURL = apiURL
        self.search = search
    }

    mutating func nextPage() async throws(STACError) -> STACItemPage? {
        if !started {
            started = true
            try search.validate()
            let endpoint = try await SearchEndpoint.resolve(apiURL, method: search.method, fetcher: fetcher)
            nextRequest = SearchRequestBuilder.request(search, endpoint: endpoint)
        }
        guard let request = nextRequest else { return nil }
        guard seen.insert(request).inserted else {
            nextRequest = nil
            throw .paginationLoop(url: request.url)
        }
        let (json, url) = try await fetcher.json(request)
        var collection: STACItemCollection
        do { collection = try STACItemCollection(json: json) } catch { throw error.naming(url) }
        for i in collection.features.indices { collection.features[i].location = url }
        let ids = collection.features.map(\.id)
        if !ids.isEmpty, ids == previousIDs {
            nextRequest = nil
            throw .paginationLoop(url: request.url)
        }
        previousIDs = ids
        // An empty page ends the search even if the server offers another `next` link.
        if let link = collection.links.first(rel: "next"), !collection.features.isEmpty {
            nextRequest = SearchRequestBuilder.next(link, after: request, base: url)
        } else {
            nextRequest = nil
        }
        return STACItemPage(items: collection.features, url: url, numberMatched: collection.numberMatched,
                            links: collection.links)
    }
}

/// Finds the search endpoint of an API: the URL itself when it ends in `/search`, else the landing
/// page's `search` link (for the method used), else `<root>/search`.
enum SearchEndpoint {
    static func resolve(_ apiURL: String, method: STACSearch.Method, fetcher: Fetcher) async throws(STACError) -> String {
        let path = apiURL.split(separator: "?", maxSplits: 1).first.map(String.init) ?? apiURL
        if path.hasSuffix("/search") || path.hasSuffix("/search/") { return apiURL }
        let trimmed = apiURL.hasSuffix("/") ? String(apiURL.dropLast()) : apiURL
        let (json, url) = try await fetcher.json(STACRequest(url: apiURL))
        let landing: STACCatalog
        do { landing = try STACCatalog(json: json) } catch { throw error.naming(url) }
        let searchLinks = landing.links.all(rel: "search")
        let link = searchLinks.first { ($0.method ?? "GET").uppercased() == method.rawValue } ?? searchLinks.first
        if let link { return HrefResolver.resolve(link.href, against: url) }
        return trimmed + "/search"
    }
}
