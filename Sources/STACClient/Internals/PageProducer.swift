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
