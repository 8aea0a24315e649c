// MARK: - Equality

extension JSONValue: Hashable {
    /// JSON equality as Python's `json` sees it: numbers compare by value (`1` equals `1.0`, NaN equals
    /// NaN; a ``number(_:)`` by its nearest `Double` against other cases, by its text against another
    /// ``number(_:)``), objects compare their members regardless of order.
    ///
    /// Use pattern matching, or compare ``jsonBytes(prettyPrinted:)``, when the integer/float distinction,
    /// number text or member order matters.
    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case (.bool(let a), .bool(let b)): return a == b
        case (.int(let a), .int(let b)): return a == b
        case (.uint(let a), .uint(let b)): return a == b
        case (.double(let a), .double(let b)): return a == b || (a.isNaN && b.isNaN)
        case (.int(let a), .uint(let b)), (.uint(let b), .int(let a)): return Int64(exactly: b) == a
        case (.int(let a), .double(let b)), (.double(let b), .int(let a)): return Int64(exactly: b) == a
        case (.uint(let a), .double(let b)), (.double(let b), .uint(let a)): return UInt64(exactly: b) == a
        case (.number(let a), .number(let b)): return a == b || a.doubleValue == b.doubleValue
        case (.number(let n), let other), (let other, .number(let n)):
            switch other {
            case .int, .uint, .double: return other == .double(n.doubleValue)
            default: return false
            }
        case (.string(let a), .string(let b)): return a == b
        case (.array(let a), .array(let b)): return a == b
        case (.object(let a), .object(let b)):
            guard a.count == b.count else { return false }
            for (key, value) in a { guard b[key] == value else { return false } }
            return true
        default: return false
        }
    }

    /// Hashes consistently with ``==(_:_:)``: equal numbers hash alike whatever their case, and object
    /// members hash independently of order.
    public func hash(into hasher: inout Hasher) {
        switch self {
        case .null: hasher.combine(0)
        case .bool(let b): hasher.combine(1); hasher.combine(b)
        case .int(let i): hasher.combine(2); hasher.combine(i)
        case .uint(let u): Self.hashNumber(Int64(exactly: u), u, Double(u), into: &hasher)
        case .double(let d): Self.hashNumber(Int64(exactly: d), UInt64(exactly: d), d, into: &hasher)
        case .number(let n):
            let d = n.doubleValue
            Self.hashNumber(Int64(exactly: d), UInt64(exactly: d), d, into: &hasher)
        case .string(let s): hasher.combine(4); hasher.combine(s)
        case .array(let a): hasher.combine(5); hasher.combine(a)
        case .object(let o):
            hasher.combine(6)
            hasher.combine(o.count)
            // Order-independent: combine the members' own hashes commutatively.
            var sum = 0
            for (key, value) in o {
                var member = Hasher()
                member.combine(key)
                member.combine(value)
                sum = sum &+ member.finalize()
            }
            hasher.combine(sum)
        }
    }

    private static func hashNumber(_ signed: Int64?, _ unsigned: UInt64?, _ double: Double, into hasher: inout Hasher) {
        if let signed { hasher.combine(2); hasher.combine(signed) }
        else if let unsigned { hasher.combine(7); hasher.combine(unsigned) }
        else { hasher.combine(3); hasher.combine(double.isNaN ? Double.nan.bitPattern : double.bitPattern) }
    }
}
