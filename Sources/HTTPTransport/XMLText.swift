/// Text of the small, flat XML documents this package reads without an XML library: S3's
/// responses and GDAL's `GDAL_METADATA` tag.
package enum XMLText {
    /// Resolves the five predefined entities and numeric character references. An `&` that does
    /// not start a reference (no `;` within 10 characters) or names an unknown entity is kept as
    /// it is, so malformed text comes through rather than being dropped.
    package static func unescape(_ text: Substring) -> String {
        guard text.contains("&") else { return String(text) }
        var out = ""
        var rest = text
        while let amp = rest.firstIndex(of: "&") {
            out += rest[..<amp]
            let after = rest[amp...]
            guard let semicolon = after.firstIndex(of: ";"), after.distance(from: amp, to: semicolon) <= 10 else {
                out += "&"
                rest = rest[rest.index(after: amp)...]
                continue
            }
            let entity = after[after.index(after: amp)..<semicolon]
            switch entity {
            case "amp": out += "&"
            case "lt": out += "<"
            case "gt": out += ">"
            case "quot": out += "\""
            case "apos": out += "'"
            default:
                var scalar: Unicode.Scalar?
                if entity.hasPrefix("#x") || entity.hasPrefix("#X") { scalar = UInt32(entity.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init) }
                else if entity.hasPrefix("#") { scalar = UInt32(entity.dropFirst()).flatMap(Unicode.Scalar.init) }
                if let scalar { out.unicodeScalars.append(scalar) } else { out += after[...semicolon] }
            }
            rest = rest[rest.index(after: semicolon)...]
        }
        out += rest
        return out
    }
}
