import Foundation
import InteropSupport
import Testing

@testable import HTTPTransport

/// A 206 answer holding other bytes than the ones asked for (a broken proxy or cache) is refused,
/// rather than handed back as if it were the requested range.
@Suite(.serialized)
struct MismatchedContentRangeTests {
    let server: LoopbackServer

    init() throws { server = try LoopbackServer.misbehavingHTTPServer() }

    private var client: HTTPClient {
        HTTPClient(configuration: HTTPClientConfiguration(retry: RetryPolicy(maxAttempts: 2, baseDelay: .milliseconds(10))))
    }

    @Test func partialAnswerForOtherBytesIsATransportErrorNamingBothRanges() async throws {
        let url = "\(server.baseURL)/wrongrange/10000"
        await #expect {
            try await client.get(url, range: 5000..<5100)
        } throws: { error in
            guard case .transport(let failedURL, let message) = error as? HTTPError else { return false }
            return failedURL == url && message.contains("5000-5099") && message.contains("bytes 0-99/10000")
        }
    }

    @Test func partialAnswerForExactlyTheAskedBytesIsAccepted() async throws {
        let response = try await client.get("\(server.baseURL)/wrongrange/10000", range: 0..<100)
        #expect(response.status == 206)
        #expect(response.body == (0..<100).map { UInt8($0 % 251) })
    }
}
