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
        // STAC API < 1.0 servers report the total in the context extension.
        let matched = collection.numberMatched ?? collection.additionalFields["context"]?["matched"]?.intValue
        return STACItemPage(items: collection.features, url: url, numberMatched: matched,
                            links: collection.links)
    }
}
