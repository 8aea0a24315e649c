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
