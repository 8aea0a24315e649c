// Not re-exported: JSONObject's own API (lookups, iteration, literals) needs no import; code
// that names OrderedCollections' types or their extensions imports the module itself.
import OrderedCollections

/// The members of a JSON object, in document order, with hashed key lookup.
///
/// Order is kept so documents EOCube rewrites (such as `zarr.json`) stay stable and so
/// STAC objects round-trip member for member.
public typealias JSONObject = OrderedDictionary<String, JSONValue>

/// A JSON value kept exactly as read, shared by every EOCube module.
///
/// Integers and floating-point numbers are kept apart so `0` and `0.0` round-trip;
/// integers above `Int64.max` (such as `uint64` fill values) stay exact in ``uint(_:)``; with
/// ``JSONParsingOptions/keepsNumberText`` every other number whose text a `Double` would change
/// stays exact in ``number(_:)``.
public enum JSONValue: Sendable {
    /// JSON `null`.
    case null
    /// JSON `true` or `false`.
    case bool(Bool)
    /// A number written without fraction or exponent that fits in `Int64`.
    case int(Int64)
    /// A number written without fraction or exponent above `Int64.max` that fits in `UInt64`.
    case uint(UInt64)
    /// Any other number (written with a fraction or exponent, or too large for 64-bit integers).
    case double(Double)
    /// A number kept as its exact text because a 64-bit integer or `Double` would change it
    /// (only when parsed with ``JSONParsingOptions/keepsNumberText``).
    case number(JSONNumber)
    /// A JSON string.
    case string(String)
    /// A JSON array.
    case array([JSONValue])
    /// A JSON object, its members in document order.
    case object(JSONObject)
}
