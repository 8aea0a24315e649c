import Foundation

/// Evaluates the locally checkable part of a ``STACSearch`` on items of a static catalog,
/// with the semantics of the STAC API (bbox intersection, datetime overlap, query operators).
struct LocalItemMatcher: Sendable {
    let collections: Set<String>?
    let ids: Set<String>?
    let bbox: [Double]?
    let datetime: STACDatetimeFilter?
    let query: [String: JSONObject]

    init(_ search: STACSearch, location: String) throws(STACError) {
        func unsupported(_ what: String) -> STACError { .unsupportedForStaticCatalog(location: location, reason: what) }
        if search.filter != nil { throw unsupported("CQL2 filters are evaluated by STAC APIs only") }
        if search.intersects != nil { throw unsupported("'intersects' needs geometry operations; use bbox") }
        if search.sortBy != nil { throw unsupported("'sortby' is not supported locally") }
        if search.fields != nil { throw unsupported("'fields' is not supported locally") }
        collections = search.collections.map(Set.init)
        ids = search.ids.map(Set.init)
        bbox = search.bbox
        datetime = search.datetime
        var q: [String: JSONObject] = [:]
        for (property, condition) in search.query ?? [:] {
            guard let ops = condition.objectValue else {
                throw .invalidSearch(reason: "query for '\(property)' must be an object like {\"eq\": value}")
            }
            for op in ops.keys where !Self.operators.contains(op) {
                throw .invalidSearch(reason: "unknown query operator '\(op)' for '\(property)'; use one of \(Self.operators.sorted().joined(separator: ", "))")
            }
            q[property] = ops
        }
        query = q
    }

    static let operators: Set<String> = ["eq", "neq", "lt", "lte", "gt", "gte", "startsWith", "endsWith", "contains", "in"]

    func matches(_ item: STACItem) -> Bool {
        if let collections, !collections.contains(item.collection ?? "") { return false }
        if let ids, !ids.contains(item.id) { return false }
        if let bbox {
            guard let b = item.boundingBox, b.count >= 4 else { return false }
            let (w, s, e, n) = b.count == 6 ? (b[0], b[1], b[3], b[4]) : (b[0], b[1], b[2], b[3])
            let (qw, qs, qe, qn) = bbox.count == 6 ? (bbox[0], bbox[1], bbox[3], bbox[4]) : (bbox[0], bbox[1], bbox[2], bbox[3])
            if e < qw || w > qe || n < qs || s > qn { return false }
        }
        if let datetime {
            guard let span = item.timeRange, datetime.matches(span) else { return false }
        }
        for (property, ops) in query {
            let value = item.properties[property] ?? (property == "id" ? .string(item.id) : nil)
            for (op, operand) in ops where !Self.evaluate(op, value, operand) { return false }
        }
        return true
    }

    static func evaluate(_ op: String, _ value: JSONValue?, _ operand: JSONValue) -> Bool {
        guard let value else { return op == "neq" }
        switch op {
        case "eq": return equal(value, operand)
        case "neq": return !equal(value, operand)
        case "lt", "lte", "gt", "gte":
            guard let c = compare(value, operand) else { return false }
            switch op {
            case "lt": return c < 0
            case "lte": return c <= 0
            case "gt": return c > 0
            default: return c >= 0
            }
        case "startsWith": return value.stringValue.map { $0.hasPrefix(operand.stringValue ?? "\u{0}") } ?? false
        case "endsWith": return value.stringValue.map { $0.hasSuffix(operand.stringValue ?? "\u{0}") } ?? false
        case "contains":
            if let s = value.stringValue, let o = operand.stringValue { return s.contains(o) }
            if let a = value.arrayValue { return a.contains { equal($0, operand) } }
            return false
        case "in": return operand.arrayValue?.contains { equal(value, $0) } ?? false
        default: return false
        }
    }

    static func equal(_ a: JSONValue, _ b: JSONValue) -> Bool {
        if let x = a.doubleValue, let y = b.doubleValue { return x == y }
        return a == b
    }

    /// Orders numbers numerically and strings by code point (RFC 3339 UTC timestamps sort correctly).
    static func compare(_ a: JSONValue, _ b: JSONValue) -> Int? {
        if let x = a.doubleValue, let y = b.doubleValue { return x < y ? -1 : (x > y ? 1 : 0) }
        if let x = a.stringValue, let y = b.stringValue { return x < y ? -1 : (x > y ? 1 : 0) }
        return nil
    }
}
