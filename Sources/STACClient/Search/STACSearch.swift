/// The parameters of a STAC item search (STAC API Item Search and its query, filter,
/// sort and fields extensions), usable against an API or, for the subset that can be
/// evaluated locally, a static catalog.
public struct STACSearch: Sendable, Hashable {
    /// How the search request is sent.
    public enum Method: String, Sendable, Hashable {
        /// `GET /search?…` with parameters in the query string.
        case get = "GET"
        /// `POST /search` with a JSON body (the default, like pystac-client).
        case post = "POST"
    }

    /// Collection ids to search.
    public var collections: [String]?
    /// Item ids to return.
    public var ids: [String]?
    /// `[west, south, east, north]` in WGS 84.
    public var bbox: [Double]?
    /// A GeoJSON geometry the items must intersect.
    public var intersects: JSONValue?
    /// The acquisition time filter.
    public var datetime: STACDatetimeFilter?
    /// The page size asked of the server.
    public var limit: Int?
    /// Query-extension conditions, e.g. `["Equi7_TileID": ["eq": "EU020M_E051N015T3"]]`.
    public var query: JSONObject?
    /// A CQL2 filter (Filter extension).
    public var filter: STACFilter?
    /// Sort keys (Sort extension).
    public var sortBy: [STACSortField]?
    /// Members to include or exclude (Fields extension).
    public var fields: STACFields?
    /// Stop after this many items in total, across pages.
    public var maxItems: Int?
    /// GET or POST.
    public var method: Method

    /// Creates a search; every parameter is optional.
    public init(collections: [String]? = nil, ids: [String]? = nil, bbox: [Double]? = nil,
                intersects: JSONValue? = nil, datetime: STACDatetimeFilter? = nil, limit: Int? = nil,
                query: JSONObject? = nil, filter: STACFilter? = nil, sortBy: [STACSortField]? = nil,
                fields: STACFields? = nil, maxItems: Int? = nil, method: Method = .post) {
        self.collections = collections; self.ids = ids; self.bbox = bbox; self.intersects = intersects
        self.datetime = datetime; self.limit = limit; self.query = query; self.filter = filter
        self.sortBy = sortBy; self.fields = fields; self.maxItems = maxItems; self.method = method
    }

    /// Checks the parameters for mistakes the server would reject less clearly.
    public func validate() throws(STACError) {
        if let bbox { try Self.checkBoundingBox(bbox) }
        if bbox != nil, intersects != nil { throw .invalidSearch(reason: "bbox and intersects cannot be combined") }
        if let limit, limit < 1 { throw .invalidSearch(reason: "limit must be at least 1, got \(limit)") }
        if let maxItems, maxItems < 0 { throw .invalidSearch(reason: "max items must not be negative, got \(maxItems)") }
        if let intersects, intersects["type"]?.stringValue == nil {
            throw .invalidSearch(reason: "intersects must be a GeoJSON geometry with a 'type'")
        }
    }
}
