import CCurl

/// What one transfer accumulates while libcurl calls back: body bytes and response headers.
///
/// Passed to the C callbacks as an unmanaged pointer; lives for the duration of one `curl_easy_perform`.
final class TransferState {
    var body: [UInt8] = []
    var headers: [String: String] = [:]
    let limit: Int
    var exceededLimit = false

    init(limit: Int, expectedSize: Int?) {
        self.limit = limit
        if let expectedSize, expectedSize > 0 { body.reserveCapacity(min(expectedSize, limit)) }
    }

    /// Appends body bytes; returns false (stop the transfer) past the size limit.
    func append(_ pointer: UnsafeRawPointer, count: Int) -> Bool {
        guard body.count + count <= limit else {
            exceededLimit = true
            return false
        }
        body.append(contentsOf: UnsafeRawBufferPointer(start: pointer, count: count))
        return true
    }

    /// Records one raw header line; a status line starts a new header block (after a redirect).
    func addHeaderLine(_ line: String) {
        if line.hasPrefix("HTTP/") {
            headers.removeAll(keepingCapacity: true)
            return
        }
        guard let colon = line.firstIndex(of: ":") else { return }
        let name = line[..<colon].lowercased()
        // "\r\n" is a single Character in Swift, so trim by whitespace, not by listing bytes.
        var value = line[line.index(after: colon)...]
        while value.first?.isWhitespace == true { value.removeFirst() }
        while value.last?.isWhitespace == true { value.removeLast() }
        headers[name] = String(value)
    }
}

/// libcurl write callback: hands body bytes to the ``TransferState``.
let curlWriteBody: eocube_curl_write_callback = { data, size, count, user in
    guard let data, let user else { return 0 }
    let state = Unmanaged<TransferState>.fromOpaque(user).takeUnretainedValue()
    let bytes = size * count
    return state.append(UnsafeRawPointer(data), count: bytes) ? bytes : 0
}

/// libcurl header callback: hands each header line to the ``TransferState``.
let curlWriteHeader: eocube_curl_write_callback = { data, size, count, user in
    guard let data, let user else { return 0 }
    let state = Unmanaged<TransferState>.fromOpaque(user).takeUnretainedValue()
    let bytes = size * count
    let line = String(decoding: UnsafeRawBufferPointer(start: data, count: bytes), as: UTF8.self)
    state.addHeaderLine(line)
    return bytes
}
