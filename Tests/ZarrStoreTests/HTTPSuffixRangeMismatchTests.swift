import Foundation
import InteropSupport
import Testing

@testable import ZarrStore

/// A suffix range read (how a shard index at the end is fetched) answered with other bytes
/// than the object's tail is a corrupt-chunk error, not an index decoded from the wrong bytes.
@Suite(.serialized)
struct HTTPSuffixRangeMismatchTests {
    let server: LoopbackServer

    init() throws { server = try LoopbackServer.misbehavingHTTPServer() }

    @Test func suffixAnsweredWithTheHeadOfTheObjectIsACorruptChunkNamingTheKey() throws {
        let storage = try HTTPStorage(url: "\(server.baseURL)/wrongrange")
        #expect {
            _ = try storage.get("10000", range: .suffix(100))
        } throws: { error in
            guard case .corruptChunk(let key, let reason) = error as? ZarrError else { return false }
            return key == "10000" && reason.contains("bytes 0-99/10000")
        }
    }

    @Test func suffixAnsweredWithTheTailIsReturned() throws {
        let storage = try HTTPStorage(url: "\(server.baseURL)/bytes")
        let tail = try storage.get("10000", range: .suffix(100))
        #expect(tail == (9900..<10000).map { UInt8($0 % 251) })
    }
}
