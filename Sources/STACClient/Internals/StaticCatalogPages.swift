/// Walks a static catalog breadth-first (children, then items), one page per document that
/// holds items, filtering items locally.
struct StaticCatalogPages: PageProducer {
    let client: STACClient
    let root: String
    let matcher: LocalItemMatcher?
    let setupError: STACError?
    /// Documents still to read, with the collection id they inherit and whether a link said it is an item.
    var queue: [(href: String, collection: String?, isItem: Bool)]
    /// Item files fetched together (in parallel over HTTP).
    static let itemBatch = 32
    var seen: Set<String> = []

    init(client: STACClient, root: String, search: STACSearch) {
        self.client = client
        self.root = root
        queue = [(root, nil, false)]
        do throws(STACError) {
            try search.validate()
            matcher = try LocalItemMatcher(search, location: root)
            setupError = nil
        } catch {
            matcher = nil
            setupError = error
        }
    }

    mutating func nextPage() async throws(STACError) -> STACItemPage? {
        if let setupError { throw setupError }
        guard let matcher else { return nil }
        while !queue.isEmpty {
            if queue[0].isItem {
                // Item links come in runs: fetch a batch of them at once.
                var batch: [(href: String, collection: String?)] = []
                while let next = queue.first, next.isItem, batch.count < Self.itemBatch {
                    queue.removeFirst()
                    if seen.insert(next.href).inserted { batch.append((next.href, next.collection)) }
                }
                let objects = try await client.readAll(batch.map(\.href))
                var kept: [STACItem] = []
                for (object, entry) in zip(objects, batch) {
                    guard case .item(var item) = object else {
                        throw .notSTAC(url: entry.href, reason: "an 'item' link points to a document that is not an item")
                    }
                    if item.collection == nil { item.collection = entry.collection }
                    if matcher.matches(item) { kept.append(item) }
                }
                if !kept.isEmpty { return STACItemPage(items: kept, url: batch[0].href) }
                continue
            }
            let (href, inherited, _) = queue.removeFirst()
            // Catalogs may link back to themselves or their parents: read each document once.
            guard seen.insert(href).inserted else { continue }
            switch try await client.read(href) {
            case .catalog(let c):
                enqueue(links: c.links, base: c.location ?? href, collection: inherited, matcher: matcher)
            case .collection(let c):
                // Skip whole collections the search does not ask for.
                if let wanted = matcher.collections, !wanted.contains(c.id) { continue }
                enqueue(links: c.links, base: c.location ?? href, collection: c.id, matcher: matcher)
            case .item(var item):
                if item.collection == nil { item.collection = inherited }
                if matcher.matches(item) { return STACItemPage(items: [item], url: href) }
            case .itemCollection(let ic):
                var items = ic.features
                for i in items.indices where items[i].collection == nil { items[i].collection = inherited }
                let kept = items.filter(matcher.matches)
                if !kept.isEmpty { return STACItemPage(items: kept, url: href, numberMatched: nil, links: ic.links) }
            }
        }
        return nil
    }

    private mutating func enqueue(links: [STACLink], base: String, collection: String?, matcher: LocalItemMatcher) {
        for link in links where link.rel == "child" {
            queue.append((HrefResolver.resolve(link.href, against: base), nil, false))
        }
        for link in links where link.rel == "item" {
            queue.append((HrefResolver.resolve(link.href, against: base), collection, true))
        }
    }
}
