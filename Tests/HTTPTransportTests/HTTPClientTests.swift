import Foundation
import InteropSupport
import Testing

@testable import HTTPTransport

/// Behaviour of the libcurl client against a real loopback server that misbehaves on purpose.
@Suite(.serialized)
struct HTTPClientTests {
    let server: LoopbackServer
    let fastRetries = RetryPolicy(maxAttempts: 3, baseDelay: .milliseconds(20), maxDelay: .seconds(3))

    init() throws { server = try LoopbackServer.misbehavingHTTPServer() }

    private func client(timeout: Duration = .seconds(10), retry: RetryPolicy? = nil) -> HTTPClient {
        HTTPClient(configuration: HTTPClientConfiguration(timeout: timeout, retry: retry ?? fastRetries))
    }

    private func count(_ key: String) async throws -> Int {
        let response = try await client().get("\(server.baseURL)/count/\(key)")
        return Int(String(decoding: response.body, as: UTF8.self)) ?? -1
    }

    @Test func getReturnsBodyStatusAndLowercasedHeaders() async throws {
        let response = try await client().get("\(server.baseURL)/ok")
        #expect(response.status == 200)
        #expect(String(decoding: response.body, as: UTF8.self) == #"{"ok": true}"#)
        #expect(response.headers["content-type"] == "application/json")
    }

    @Test func postSendsBodyHeadersUserAgentAndModifierChanges() async throws {
        var configuration = HTTPClientConfiguration(headers: ["X-Team": "eocube"], userAgent: "EOCubeTest/1")
        configuration.requestModifier = { request in request.headers["Authorization"] = "Bearer signed" }
        let request = HTTPRequest(url: "\(server.baseURL)/echo", method: .post, body: Array(#"{"limit":5}"#.utf8))
        let response = try await HTTPClient(configuration: configuration).send(request)
        let echo = try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any]
        let headers = echo?["headers"] as? [String: String]
        #expect(echo?["method"] as? String == "POST")
        #expect(echo?["body"] as? String == #"{"limit":5}"#)
        #expect(headers?["x-team"] == "eocube")
        #expect(headers?["authorization"] == "Bearer signed")
        #expect(headers?["user-agent"] == "EOCubeTest/1")
        #expect(headers?["content-type"] == "application/json")
    }

    @Test func transientServerErrorsAreRetriedUntilSuccess() async throws {
        let response = try await client().get("\(server.baseURL)/flaky/a/2/503")
        #expect(String(decoding: response.body, as: UTF8.self) == "recovered")
        #expect(try await count("flaky/a") == 3)
    }

    @Test func retriesStopAfterMaxAttemptsWithTheLastStatus() async throws {
        await #expect(throws: HTTPError.status(url: "\(server.baseURL)/flaky/b/5/500", code: 500, body: "try again")) {
            try await client().get("\(server.baseURL)/flaky/b/5/500")
        }
        #expect(try await count("flaky/b") == 3)
    }

    @Test func notFoundIsNotRetriedAndNamesTheURL() async throws {
        let url = "\(server.baseURL)/status/404"
        do {
            _ = try await client().get(url)
            Issue.record("expected a 404 error")
        } catch {
            #expect(error == .status(url: url, code: 404, body: #"{"error": "as requested"}"#))
            #expect(error.description.contains("not found"))
        }
        #expect(try await count("status/404") == 1)
    }

    @Test func rateLimitHonoursRetryAfter() async throws {
        let started = ContinuousClock.now
        let response = try await client().get("\(server.baseURL)/ratelimit/r/1")
        #expect(String(decoding: response.body, as: UTF8.self) == "welcome back")
        #expect(ContinuousClock.now - started >= .milliseconds(950))
    }

    @Test func slowResponsesTimeOutAsTypedError() async throws {
        let url = "\(server.baseURL)/slow/3"
        await #expect(throws: HTTPError.timeout(url: url)) {
            try await client(timeout: .milliseconds(300), retry: .disabled).get(url)
        }
    }

    @Test func truncatedBodiesAreRetriedThenReported() async throws {
        do {
            _ = try await client().get("\(server.baseURL)/truncated")
            Issue.record("expected a transport error")
        } catch {
            guard case .transport(let url, _) = error else { Issue.record("unexpected \(error)"); return }
            #expect(url.hasSuffix("/truncated"))
        }
        #expect(try await count("truncated") == 3)
    }

    @Test func droppedConnectionsAreTransportErrors() async throws {
        await #expect {
            try await client(retry: .disabled).get("\(server.baseURL)/drop")
        } throws: { error in
            guard case .transport = error as? HTTPError else { return false }
            return true
        }
    }

    @Test func rangeRequestsReturnExactlyTheRequestedBytes() async throws {
        let response = try await client().get("\(server.baseURL)/bytes/10000", range: 1000..<1300)
        #expect(response.status == 206)
        #expect(response.body == (1000..<1300).map { UInt8($0 % 251) })
        #expect(response.contentRangeTotal == 10000)
    }

    @Test func serversIgnoringRangeAreRefused() async throws {
        let url = "\(server.baseURL)/norange/10000"
        await #expect(throws: HTTPError.rangeNotSupported(url: url)) {
            try await client().get(url, range: 5000..<5100)
        }
    }

    @Test func parallelRequestsKeepTheirOrder() async throws {
        let ranges: [Range<UInt64>] = (0..<20).map { UInt64($0 * 500)..<UInt64($0 * 500 + 100) }
        let requests = ranges.map { HTTPRequest(url: "\(server.baseURL)/bytes/20000", byteRange: $0) }
        let responses = try await client().send(requests)
        #expect(responses.count == 20)
        for (range, response) in zip(ranges, responses) {
            #expect(response.body == range.map { UInt8($0 % 251) })
        }
    }

    @Test func gzipBodiesAreDecoded() async throws {
        let response = try await client().get("\(server.baseURL)/gzip")
        let object = try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any]
        #expect(object?["compressed"] as? Bool == true)
    }

    @Test func redirectsAreFollowed() async throws {
        let response = try await client().get("\(server.baseURL)/redirect")
        #expect(response.status == 200)
        #expect(response.url.hasSuffix("/ok"))
    }

    @Test func responsesOverTheSizeLimitStop() async throws {
        let configuration = HTTPClientConfiguration(maxResponseBytes: 1000)
        let url = "\(server.baseURL)/bytes/50000"
        await #expect(throws: HTTPError.responseTooLarge(url: url, limit: 1000)) {
            try await HTTPClient(configuration: configuration).get(url)
        }
    }

    @Test func nonHTTPURLsAreRejectedBeforeAnyIO() {
        #expect(throws: HTTPError.invalidURL("file:///etc/passwd")) {
            try client().getBlocking("file:///etc/passwd")
        }
    }

    @Test func retryAfterParsesSecondsAndDates() {
        #expect(HTTPClient.parseRetryAfter("7") == .seconds(7))
        #expect(HTTPClient.parseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT") == .seconds(0))
        #expect(HTTPClient.parseRetryAfter("soon") == nil)
    }

    @Test func backoffGrowsAndIsCapped() {
        let policy = RetryPolicy(baseDelay: .milliseconds(100), maxDelay: .milliseconds(400))
        #expect(policy.delay(afterAttempt: 1, retryAfter: nil) <= .milliseconds(100))
        #expect(policy.delay(afterAttempt: 3, retryAfter: nil) >= .milliseconds(200))
        #expect(policy.delay(afterAttempt: 10, retryAfter: nil) <= .milliseconds(400))
        #expect(policy.delay(afterAttempt: 1, retryAfter: .seconds(60)) == .milliseconds(400))
    }
}
