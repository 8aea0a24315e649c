/// The value of an array's elements that were never written (the `fill_value` of `zarr.json`).
public enum ZarrFillValue: Sendable, Hashable {
    /// A Boolean fill, for `bool` arrays.
    case bool(Bool)
    /// A signed integer fill (any integer type that can hold it).
    case int(Int64)
    /// An unsigned integer fill (any integer type that can hold it).
    case uint(UInt64)
    /// A floating-point fill, including NaN and the infinities.
    case float(Double)
    /// A complex fill, for `complex64` / `complex128` arrays.
    case complex(real: Double, imaginary: Double)
    /// The raw bit pattern of one element (the spec's `"0x…"` form), e.g. a specific NaN payload.
    case bitPattern(UInt64)

    /// The natural default of a data type: `false`, `0` or `0.0`.
    public static func zero(for dataType: ZarrDataType) -> ZarrFillValue {
        switch dataType {
        case .bool: return .bool(false)
        case .float16, .float32, .float64: return .float(0)
        case .complex64, .complex128: return .complex(real: 0, imaginary: 0)
        case .uint8, .uint16, .uint32, .uint64: return .uint(0)
        default: return .int(0)
        }
    }

    /// The element's in-memory (little-endian) bytes for `dataType`, or an error when the
    /// value does not fit the type.
    public func elementBytes(for dataType: ZarrDataType) throws(ZarrError) -> [UInt8] {
        let mismatch = ZarrError.invalidArrayDefinition("fill value \(self) does not fit data type \(dataType.rawValue)")
        switch (self, dataType) {
        case (.bitPattern(let bits), _):
            let size = dataType.byteCount
            guard size <= 8, size == 8 || bits >> UInt64(size * 8) == 0 else { throw mismatch }
            return (0..<size).map { UInt8(truncatingIfNeeded: bits >> UInt64($0 * 8)) }
        case (.bool(let b), .bool): return [b ? 1 : 0]
        case (.int(let i), _) where !dataType.isFloatingPoint && dataType != .bool:
            return try Self.integerBytes(Int128(i), dataType, mismatch)
        case (.uint(let u), _) where !dataType.isFloatingPoint && dataType != .bool:
            return try Self.integerBytes(Int128(u), dataType, mismatch)
        case (.int(let i), _) where dataType.isFloatingPoint: return Self.floatBytes(Double(i), 0, dataType)
        case (.uint(let u), _) where dataType.isFloatingPoint: return Self.floatBytes(Double(u), 0, dataType)
        case (.float(let d), _) where dataType.isFloatingPoint: return Self.floatBytes(d, 0, dataType)
        case (.complex(let re, let im), .complex64), (.complex(let re, let im), .complex128):
            return Self.floatBytes(re, im, dataType)
        default: throw mismatch
        }
    }

    private static func integerBytes(_ value: Int128, _ dataType: ZarrDataType, _ mismatch: ZarrError) throws(ZarrError) -> [UInt8] {
        let size = dataType.byteCount
        let bits = Int128(size * 8)
        let range: ClosedRange<Int128> = dataType.isSignedInteger
            ? -(Int128(1) << (bits - 1))...((Int128(1) << (bits - 1)) - 1)
            : 0...((Int128(1) << bits) - 1)
        guard range.contains(value) else { throw mismatch }
        return (0..<size).map { UInt8(truncatingIfNeeded: value >> Int128($0 * 8)) }
    }

    static func floatBytes(_ real: Double, _ imaginary: Double, _ dataType: ZarrDataType) -> [UInt8] {
        func le<T: FixedWidthInteger>(_ v: T) -> [UInt8] { withUnsafeBytes(of: v.littleEndian) { Array($0) } }
        switch dataType {
        case .float16: return le(Float16(real).bitPattern)
        case .float32: return le(Float(real).bitPattern)
        case .complex64: return le(Float(real).bitPattern) + le(Float(imaginary).bitPattern)
        case .complex128: return le(real.bitPattern) + le(imaginary.bitPattern)
        default: return le(real.bitPattern)
        }
    }
}

// MARK: - JSON encoding (Zarr v3 spec, "fill_value")

extension ZarrFillValue {
    /// Parses the `fill_value` member for `dataType`, accepting every encoding the spec allows.
    static func decode(_ json: JSONValue, dataType: ZarrDataType, key: String) throws(ZarrError) -> ZarrFillValue {
        let bad = ZarrError.invalidMetadata(key: key, reason: "fill_value \(String(decoding: json.serialized(), as: UTF8.self).trimmingSpaces) is not valid for data type \(dataType.rawValue)")
        switch dataType {
        case .bool:
            // zarrita writes 0/1 for Boolean fills and zarr-python reads them; other numbers stay ambiguous.
            switch json {
            case .bool(let b): return .bool(b)
            case .int(0), .uint(0): return .bool(false)
            case .int(1), .uint(1): return .bool(true)
            default: throw bad
            }
        case .complex64, .complex128:
            guard let parts = json.arrayValue, parts.count == 2 else { throw bad }
            let re = try floatComponent(parts[0], dataType == .complex64 ? .float32 : .float64, bad)
            let im = try floatComponent(parts[1], dataType == .complex64 ? .float32 : .float64, bad)
            return .complex(real: re, imaginary: im)
        case .float16, .float32, .float64:
            if let s = json.stringValue, s.hasPrefix("0x") {
                guard let bits = UInt64(s.dropFirst(2), radix: 16) else { throw bad }
                let value = ZarrFillValue.bitPattern(bits)
                do { _ = try value.elementBytes(for: dataType) } catch { throw bad }
                return value
            }
            return .float(try floatComponent(json, dataType, bad))
        default:
            let value: ZarrFillValue
            switch json {
            case .int(let i): value = .int(i)
            case .uint(let u): value = .uint(u)
            case .double(let d) where d.rounded() == d && abs(d) < 9.2e18: value = .int(Int64(d))
            case .string(let s) where s.hasPrefix("0x"):
                guard let bits = UInt64(s.dropFirst(2), radix: 16) else { throw bad }
                value = .bitPattern(bits)
            default: throw bad
            }
            do { _ = try value.elementBytes(for: dataType) } catch { throw bad }
            return value
        }
    }

    private static func floatComponent(_ json: JSONValue, _ type: ZarrDataType, _ bad: ZarrError) throws(ZarrError) -> Double {
        switch json {
        case .string("NaN"): return .nan
        case .string("Infinity"): return .infinity
        case .string("-Infinity"): return -.infinity
        case .string(let s) where s.hasPrefix("0x"):
            guard let bits = UInt64(s.dropFirst(2), radix: 16) else { throw bad }
            switch type {
            case .float16: guard bits <= 0xFFFF else { throw bad }; return Double(Float16(bitPattern: UInt16(bits)))
            case .float32: guard bits <= 0xFFFF_FFFF else { throw bad }; return Double(Float(bitPattern: UInt32(bits)))
            default: return Double(bitPattern: bits)
            }
        default:
            guard let d = json.doubleValue else { throw bad }
            return d
        }
    }

    /// The canonical JSON for the element bytes `bytes` of `dataType` (as zarr-python writes it).
    static func encode(elementBytes bytes: [UInt8], dataType: ZarrDataType) -> JSONValue {
        func load(_ offset: Int, _ size: Int) -> UInt64 {
            var v: UInt64 = 0
            for i in 0..<size where offset + i < bytes.count { v |= UInt64(bytes[offset + i]) << UInt64(i * 8) }
            return v
        }
        func float(_ offset: Int, _ type: ZarrDataType) -> JSONValue {
            let d: Double
            let bits = load(offset, type.byteCount)
            switch type {
            case .float16: d = Double(Float16(bitPattern: UInt16(bits)))
            case .float32: d = Double(Float(bitPattern: UInt32(bits)))
            default: d = Double(bitPattern: bits)
            }
            if d.isNaN {
                // The canonical quiet NaN is spelled "NaN"; any other payload keeps its exact bits.
                let canonical: UInt64 = type == .float16 ? 0x7E00 : type == .float32 ? 0x7FC0_0000 : 0x7FF8_0000_0000_0000
                if bits == canonical { return .string("NaN") }
                let hex = String(bits, radix: 16)
                return .string("0x" + String(repeating: "0", count: max(0, type.byteCount * 2 - hex.count)) + hex)
            }
            if d.isInfinite { return .string(d > 0 ? "Infinity" : "-Infinity") }
            return .double(d)
        }
        switch dataType {
        case .bool: return .bool(load(0, 1) != 0)
        case .int8: return .int(Int64(Int8(truncatingIfNeeded: load(0, 1))))
        case .int16: return .int(Int64(Int16(truncatingIfNeeded: load(0, 2))))
        case .int32: return .int(Int64(Int32(truncatingIfNeeded: load(0, 4))))
        case .int64: return .int(Int64(bitPattern: load(0, 8)))
        case .uint8, .uint16, .uint32: return .int(Int64(load(0, dataType.byteCount)))
        case .uint64:
            let u = load(0, 8)
            return u <= UInt64(Int64.max) ? .int(Int64(u)) : .uint(u)
        case .float16, .float32, .float64: return float(0, dataType)
        case .complex64: return .array([float(0, .float32), float(4, .float32)])
        case .complex128: return .array([float(0, .float64), float(8, .float64)])
        }
    }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s = s.dropFirst() }
        while let l = s.last, l.isWhitespace { s = s.dropLast() }
        return String(s)
    }
}
