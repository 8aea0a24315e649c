import Foundation

/// The access log of the loopback nginx (`Tests/Interop/services/nginx.sh`), one line per request.
///
/// nginx writes a request's line after it has answered, so a client can be done before its
/// last lines are there; tests that count requests read the log once it has settled.
public enum AccessLog {
    /// The log's path (`EOCUBE_HTTP_ACCESS_LOG`), when the service runs.
    public static var path: String? { ProcessInfo.processInfo.environment["EOCUBE_HTTP_ACCESS_LOG"] }

    /// The log's text once it has not grown for `quiet` (at most `timeout` of waiting);
    /// empty when the service does not run.
    public static func settledText(quiet: TimeInterval = 0.3, timeout: TimeInterval = 5) -> String {
        guard let path else { return "" }
        func read() -> String { (try? String(contentsOfFile: path, encoding: .utf8)) ?? "" }
        let deadline = Date().addingTimeInterval(timeout)
        var text = read(), unchangedSince = Date()
        while Date() < deadline {
            Thread.sleep(forTimeInterval: 0.05)
            let now = read()
            if now.utf8.count != text.utf8.count {
                text = now
                unchangedSince = Date()
            } else if Date().timeIntervalSince(unchangedSince) >= quiet {
                break
            }
        }
        return text
    }
}
