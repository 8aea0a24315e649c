import CCrypto

/// SHA-256 and MD5 through OpenSSL (``CCrypto``), for request signing and `Content-MD5`.
enum Digest {
    /// The SHA-256 of `bytes` as 64 lower-case hex digits (the form SigV4 wants).
    static func sha256Hex(_ bytes: UnsafeRawBufferPointer) -> String {
        var out = [UInt8](repeating: 0, count: 32)
        let ok = out.withUnsafeMutableBufferPointer { eocube_sha256(bytes.baseAddress ?? UnsafeRawPointer(bitPattern: 1), bytes.count, $0.baseAddress) }
        precondition(ok == 1, "OpenSSL SHA-256 failed")
        return hex(out)
    }

    /// The SHA-256 of `bytes` as hex.
    static func sha256Hex(_ bytes: [UInt8]) -> String { bytes.withUnsafeBytes { sha256Hex($0) } }

    /// The MD5 of `bytes`, base64-encoded (the `Content-MD5` header's form).
    static func md5Base64(_ bytes: [UInt8]) -> String {
        var out = [UInt8](repeating: 0, count: 16)
        let ok = bytes.withUnsafeBytes { input in
            out.withUnsafeMutableBufferPointer { eocube_md5(input.baseAddress ?? UnsafeRawPointer(bitPattern: 1), input.count, $0.baseAddress) }
        }
        precondition(ok == 1, "OpenSSL MD5 failed")
        return base64(out)
    }

    /// The SHA-256 of the empty string, sent with every request that has no body.
    static let emptySHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text = [UInt8]()
        text.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 15)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    static func base64(_ bytes: [UInt8]) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        var out = [UInt8]()
        var i = 0
        while i < bytes.count {
            let a = UInt32(bytes[i]), b = i + 1 < bytes.count ? UInt32(bytes[i + 1]) : 0, c = i + 2 < bytes.count ? UInt32(bytes[i + 2]) : 0
            let n = a << 16 | b << 8 | c
            out.append(alphabet[Int(n >> 18 & 63)])
            out.append(alphabet[Int(n >> 12 & 63)])
            out.append(i + 1 < bytes.count ? alphabet[Int(n >> 6 & 63)] : UInt8(ascii: "="))
            out.append(i + 2 < bytes.count ? alphabet[Int(n & 63)] : UInt8(ascii: "="))
            i += 3
        }
        return String(decoding: out, as: UTF8.self)
    }
}
