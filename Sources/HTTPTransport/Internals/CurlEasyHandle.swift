import CCurl

/// One libcurl easy handle, reused across requests so its connections stay alive.
///
/// Not thread-safe: a handle is used by one transfer at a time (the ``CurlHandlePool`` ensures it).
final class CurlEasyHandle {
    let raw: UnsafeMutableRawPointer  // CURL* (libcurl declares it as void)

    init?() {
        guard CurlGlobal.initialized, let handle = curl_easy_init() else { return nil }
        raw = handle
    }

    deinit { curl_easy_cleanup(raw) }

    /// One attempt's outcome: a response or libcurl's error.
    enum Outcome {
        case response(HTTPResponse)
        case failure(CURLcode, message: String)
        case tooLarge
    }

    /// Performs one transfer synchronously.
    func perform(_ request: HTTPRequest, configuration: HTTPClientConfiguration) -> Outcome {
        curl_easy_reset(raw)  // keeps the connection cache, clears the previous request's options
        var errorBuffer = [CChar](repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        let expected = request.byteRange.map { Int(clamping: $0.upperBound - $0.lowerBound) }
        let state = TransferState(limit: configuration.maxResponseBytes, expectedSize: expected)
        let statePointer = Unmanaged.passUnretained(state).toOpaque()

        var headerList: UnsafeMutablePointer<curl_slist>? = nil
        defer { curl_slist_free_all(headerList) }
        var headers = configuration.headers
        headers.merge(request.headers) { $1 }
        if let signing = request.awsSigning {
            // libcurl 7.88 signs every header in the list but computes no payload hash header
            // itself, which S3 requires: send it (and the session token) as signed headers.
            if !headers.keys.contains(where: { $0.lowercased() == "x-amz-content-sha256" }) {
                headers["x-amz-content-sha256"] = request.body.map { Digest.sha256Hex($0) } ?? Digest.emptySHA256
            }
            if let token = signing.credentials.sessionToken { headers["x-amz-security-token"] = token }
        }
        for (name, value) in headers.sorted(by: { $0.key < $1.key }) {
            headerList = curl_slist_append(headerList, "\(name): \(value)")
        }
        if request.body != nil, headers.keys.contains(where: { $0.lowercased() == "content-type" }) == false {
            headerList = curl_slist_append(headerList, "Content-Type: application/json")
        }

        return errorBuffer.withUnsafeMutableBufferPointer { errorPointer -> Outcome in
            set(CURLOPT_URL, request.url)
            set(CURLOPT_NOSIGNAL, 1)  // required for multi-threaded use
            set(CURLOPT_FOLLOWLOCATION, 1)
            set(CURLOPT_MAXREDIRS, 10)
            set(CURLOPT_PROTOCOLS_STR, "http,https")
            // Never follow an https URL down to plain http.
            set(CURLOPT_REDIR_PROTOCOLS_STR, request.url.hasPrefix("https://") ? "https" : "http,https")
            set(CURLOPT_TIMEOUT_MS, configuration.timeout.milliseconds)
            set(CURLOPT_CONNECTTIMEOUT_MS, configuration.connectTimeout.milliseconds)
            set(CURLOPT_USERAGENT, configuration.userAgent)
            set(CURLOPT_SSL_VERIFYPEER, 1)
            set(CURLOPT_SSL_VERIFYHOST, 2)
            set(CURLOPT_TCP_KEEPALIVE, 1)
            _ = eocube_curl_setopt_pointer(raw, CURLOPT_ERRORBUFFER, errorPointer.baseAddress)
            _ = eocube_curl_setopt_write_function(raw, CURLOPT_WRITEFUNCTION, curlWriteBody)
            _ = eocube_curl_setopt_pointer(raw, CURLOPT_WRITEDATA, statePointer)
            _ = eocube_curl_setopt_write_function(raw, CURLOPT_HEADERFUNCTION, curlWriteHeader)
            _ = eocube_curl_setopt_pointer(raw, CURLOPT_HEADERDATA, statePointer)
            if let headerList { _ = eocube_curl_setopt_slist(raw, CURLOPT_HTTPHEADER, headerList) }
            if let signing = request.awsSigning {
                set(CURLOPT_AWS_SIGV4, "aws:amz:\(signing.region):\(signing.service)")
                // Separate options, not CURLOPT_USERPWD: a secret may not contain ':' there.
                set(CURLOPT_USERNAME, signing.credentials.accessKeyID)
                set(CURLOPT_PASSWORD, signing.credentials.secretAccessKey)
            }
            if let range = request.byteRange {
                // Byte ranges address the stored (unencoded) bytes: ask for identity encoding.
                set(CURLOPT_RANGE, "\(range.lowerBound)-\(range.upperBound - 1)")
            } else {
                set(CURLOPT_ACCEPT_ENCODING, "")  // every encoding this libcurl decodes (gzip, deflate …)
            }
            switch request.method {
            case .get: set(CURLOPT_HTTPGET, 1)
            case .head: set(CURLOPT_NOBODY, 1)
            case .post: set(CURLOPT_POST, 1)
            default: set(CURLOPT_CUSTOMREQUEST, request.method.rawValue)
            }
            if let body = request.body {
                _ = eocube_curl_setopt_offset(raw, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.count))
                body.withUnsafeBytes { bytes in
                    // COPYPOSTFIELDS copies, so the body need not outlive this call.
                    _ = eocube_curl_setopt_pointer(raw, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: bytes.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!))
                }
            }

            let code = curl_easy_perform(raw)
            // The handle keeps raw pointers to the error buffer, the transfer state and the header
            // list, all of which die with this call; libcurl may still write through them later
            // (e.g. closing a pooled connection at cleanup). Clear every option now, keeping the
            // connection cache; status and URL are read first because reset forgets them.
            var status = 0
            _ = eocube_curl_getinfo_long(raw, CURLINFO_RESPONSE_CODE, &status)
            var effective: UnsafeMutablePointer<CChar>? = nil
            _ = eocube_curl_getinfo_string(raw, CURLINFO_EFFECTIVE_URL, &effective)
            let url = effective.map { String(cString: $0) } ?? request.url
            curl_easy_reset(raw)
            if code != CURLE_OK {
                if state.exceededLimit { return .tooLarge }
                let detail = String(cString: errorPointer.baseAddress!)
                let message = detail.isEmpty ? String(cString: curl_easy_strerror(code)) : detail
                return .failure(code, message: message)
            }
            return .response(HTTPResponse(status: status, headers: state.headers, body: state.body, url: url))
        }
    }

    private func set(_ option: CURLoption, _ value: Int) {
        _ = eocube_curl_setopt_long(raw, option, value)
    }

    private func set(_ option: CURLoption, _ value: String) {
        _ = eocube_curl_setopt_string(raw, option, value)  // libcurl copies string options
    }
}

extension Duration {
    /// Whole milliseconds, at least 1.
    var milliseconds: Int {
        let (seconds, attoseconds) = components
        return max(1, Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000))
    }
}
