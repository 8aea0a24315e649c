import OrderedCollections

/// How one kind of STAC object (Catalog, Collection, Item) is recognised in JSON, and the
/// reasons its reader gives when the JSON is not one.
struct STACObjectKind: Sendable {
    /// The reason when the JSON is not an object.
    let notAnObject: String
    /// The reason when `type` names another kind, or `nil` when `type` is acceptable.
    let wrongType: @Sendable (JSONValue) -> String?
    /// The reason when there is no string `id`.
    let noID: String
    /// Members STAC requires; those the source left out are remembered so writing leaves them out again.
    let requiredMembers: Set<String>

    static let catalog = STACObjectKind(
        notAnObject: "a catalog is not a JSON object",
        // Only a string naming another kind is rejected; a non-string type is kept as it is.
        wrongType: { $0.stringValue.flatMap { $0 == "Catalog" ? nil : "expected a Catalog, found type '\(STACError.cut($0))'" } },
        noID: "expected a STAC Catalog, but there is no string 'id'",
        requiredMembers: ["type", "description", "links", "stac_extensions"])

    static let collection = STACObjectKind(
        notAnObject: "a collection is not a JSON object",
        wrongType: { $0.stringValue.flatMap { $0 == "Collection" ? nil : "expected a Collection, found type '\(STACError.cut($0))'" } },
        noID: "expected a STAC Collection, but there is no string 'id'",
        requiredMembers: ["type", "description", "extent", "links", "assets", "stac_extensions"])

    static let item = STACObjectKind(
        notAnObject: "an item is not a JSON object",
        // Any `type` other than the string "Feature" is rejected.
        wrongType: { $0 == "Feature" ? nil : "expected an item (type 'Feature'), found type \($0.excerpt())" },
        noID: "an item has no string 'id'",
        requiredMembers: ["type", "geometry", "properties", "links", "assets", "stac_extensions"])
}

/// The members of a STAC object's JSON, after the checks every kind shares: it is an object,
/// its `type` fits, it has a string `id`. `id` and a string `type` are taken out of ``remaining``.
struct STACMembers {
    /// The object's identifier.
    let id: String
    /// Required members the source left out.
    let absent: Set<String>
    /// The source's member names in document order, so writing keeps that order.
    let order: [String]
    /// The members not yet read; readers remove what they model and keep the rest.
    var remaining: JSONObject

    /// Checks `json` as a `kind` object and takes out its `id` and `type`.
    init(_ json: JSONValue, as kind: STACObjectKind) throws(STACError) {
        guard case .object(var o) = json else { throw .notSTAC(url: "", reason: kind.notAnObject) }
        absent = kind.requiredMembers.subtracting(o.keys)
        order = Array(o.keys)
        if let type = o["type"], let reason = kind.wrongType(type) { throw .notSTAC(url: "", reason: reason) }
        guard let id = o.take("id", \.stringValue) else {
            if let value = o["id"] { throw .notSTAC(url: "", reason: kind.noID + " ('id' is \(value.kindName))") }
            throw .notSTAC(url: "", reason: kind.noID)
        }
        _ = o.take("type", \.stringValue)
        self.id = id
        remaining = o
    }

    /// The structural member `key` (`links`, `assets`, `properties`, `features`): `nil` when absent;
    /// `null` or another type than `expected` is an error naming the member, never silently emptied.
    mutating func structural(_ key: String, expected: String, _ accepts: (JSONValue) -> Bool) throws(STACError) -> JSONValue? {
        try remaining.structural(key, expected: expected, accepts)
    }
}

extension OrderedDictionary where Key == String, Value == JSONValue {
    /// Removes and returns the structural member `key`; see ``STACMembers/structural(_:expected:_:)``.
    mutating func structural(_ key: String, expected: String, _ accepts: (JSONValue) -> Bool) throws(STACError) -> JSONValue? {
        guard let value = removeValue(forKey: key) else { return nil }
        guard accepts(value) else { throw .notSTAC(url: "", reason: "'\(key)' is \(value.kindName); expected \(expected)") }
        return value
    }
}

/// Writes a STAC object's JSON members in the source's order, leaving out a required member the
/// source did not have while it still holds its empty default, so a read-then-write round trip adds nothing.
struct STACMemberWriter {
    /// The members written so far.
    var object: JSONObject
    /// Required members the source left out.
    let absent: Set<String>
    /// The source's member order.
    let order: [String]

    /// Starts from the object's unmodelled members, then writes its `type` and `id`, the
    /// members every kind begins with (new objects get this order; read ones keep theirs).
    init(_ additionalFields: JSONObject, absent: Set<String>, order: [String], type: String, id: String) {
        object = additionalFields
        self.absent = absent
        self.order = order
        put("type", .string(type), isDefault: true)
        object["id"] = .string(id)
    }

    /// Writes `key`, unless `isDefault` and the source left it out or had a value of another type
    /// there (kept in the unmodelled members and written back as it was).
    mutating func put(_ key: String, _ value: @autoclosure () -> JSONValue, isDefault: Bool) {
        if isDefault, absent.contains(key) || object[key] != nil { return }
        object[key] = value()
    }

    /// Writes `stac_version` (when known) and `stac_extensions`, the members every kind ends with.
    mutating func putVersionAndExtensions(_ stacVersion: String?, _ stacExtensions: [String]) {
        if let stacVersion { object["stac_version"] = .string(stacVersion) }
        put("stac_extensions", .array(stacExtensions.map { .string($0) }), isDefault: stacExtensions.isEmpty)
    }

    /// Writes `key` unconditionally (optional members are only set when present).
    subscript(key: String) -> JSONValue? {
        get { object[key] }
        set { object[key] = newValue }
    }

    /// The written object, in the source's member order.
    var json: JSONValue { .object(object.arranged(like: order)) }
}
