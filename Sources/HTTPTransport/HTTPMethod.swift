/// An HTTP request method.
///
/// A `RawRepresentable` wrapper in the style of swift-system's option types, so callers can
/// spell uncommon methods without the transport growing a case for each.
public struct HTTPMethod: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The method token as sent on the request line, e.g. `GET`.
    public let rawValue: String

    /// Creates a method from its token.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// `GET`: fetch a resource (or a byte range of it).
    public static let get = HTTPMethod(rawValue: "GET")
    /// `POST`: send a body, e.g. a STAC item-search request.
    public static let post = HTTPMethod(rawValue: "POST")
    /// `HEAD`: fetch headers only, e.g. to learn a file's size.
    public static let head = HTTPMethod(rawValue: "HEAD")
    /// `PUT`: store the body under the URL, e.g. an object in S3.
    public static let put = HTTPMethod(rawValue: "PUT")
    /// `DELETE`: remove the resource.
    public static let delete = HTTPMethod(rawValue: "DELETE")

    /// The method token.
    public var description: String { rawValue }
}
