import CCurl

/// libcurl's process-wide initialisation, done once and thread-safely before the first handle.
enum CurlGlobal {
    /// Initialises libcurl on first use (a lazy global is initialised exactly once by Swift).
    static let initialized: Bool = curl_global_init(Int(CURL_GLOBAL_ALL)) == CURLE_OK

    /// The libcurl version string, e.g. `libcurl/7.88.1 OpenSSL/3.0.15 zlib/1.2.13`.
    static var version: String { String(cString: curl_version()) }
}
