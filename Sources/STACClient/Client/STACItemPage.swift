/// One page of search results: the items of one API response, or of one static file.
public struct STACItemPage: Sendable, Hashable {
    /// The items of the page (after `max_items` truncation and, for static catalogs, local filtering).
    public var items: [STACItem]
    /// Where the page came from (the final URL or path).
    public var url: String
    /// The total number of matches, when the server reports it.
    public var numberMatched: Int?
    /// The page's links (e.g. `next`), when it was an ItemCollection.
    public var links: [STACLink]

    /// Creates a page.
    public init(items: [STACItem], url: String, numberMatched: Int? = nil, links: [STACLink] = []) {
        self.items = items; self.url = url; self.numberMatched = numberMatched; self.links = links
    }

    /// The page as an ItemCollection.
    public var itemCollection: STACItemCollection {
        STACItemCollection(features: items, links: links, numberMatched: numberMatched, numberReturned: items.count)
    }
}
