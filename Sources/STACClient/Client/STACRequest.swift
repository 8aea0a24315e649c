/// One HTTP request the STAC client is about to send, as seen (and changeable) by
/// ``STACClientConfiguration/requestModifier`` — e.g. to add a signed token.
public struct STACRequest: Sendable, Hashable {
    /// The absolute URL.
    public var url: String
    /// `GET` or `POST`.
    public var method: STACSearch.Method
    /// Request headers (on top of the configured ones).
    public var headers: [String: String]
    /// The JSON body of a POST.
    public var body: [UInt8]?

    /// Creates a request.
    public init(url: String, method: STACSearch.Method = .get, headers: [String: String] = [:], body: [UInt8]? = nil) {
        self.url = url; self.method = method; self.headers = headers; self.body = body
    }
}
