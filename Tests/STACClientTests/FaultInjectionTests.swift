import Foundation
import InteropSupport
import Testing
@testable import STACClient

/// A local server that fails on purpose: retryable failures are retried (with backoff, honouring
/// Retry-After), the rest become typed errors naming the URL.
@Suite("Fault injection", .enabled(if: STACTestSupport.interopEnabled))
struct FaultInjectionTests {
    static func server() throws -> FaultServer { try FaultServer.shared.get() }

    /// Fast retries so the suite stays quick.
    static func client(attempts: Int = 3, timeout: Duration = .seconds(3)) -> STACClient {
        STACClient(configuration: .init(timeout: timeout, connectTimeout: .seconds(2), maxAttempts: attempts,
                                        retryBaseDelay: .milliseconds(20), maxRetryDelay: .seconds(3)))
    }

    static func error(_ body: () async throws(STACError) -> Void) async -> STACError? {
        do { try await body(); return nil } catch { return error }
    }

    @Test func serverErrorsAreRetriedUntilTheySucceed() async throws {
        let s = try Self.server()
        let (url, key) = s.searchURL("flaky500")
        let items = try await Self.client(attempts: 4).search(url, STACSearch()).collect()
        #expect(items.map(\.id) == ["item-1"])
        #expect(try s.attempts("flaky500", key: key).count == 3)
    }

    @Test func persistentServerErrorsBecomeAStatusErrorAfterTheLastAttempt() async throws {
        let s = try Self.server()
        let (url, key) = s.searchURL("always500")
        let error = await Self.error { () async throws(STACError) in _ = try await Self.client(attempts: 3).search(url, STACSearch()).collect() }
        guard case .status(let failed, 500, let body)? = error else { Issue.record("unexpected \(String(describing: error))"); return }
        #expect(failed.hasPrefix(s.baseURL + "/always500/search"))
        #expect(body.contains("always broken"))
        #expect(error?.description.contains("HTTP 500 from \(failed)") == true)
        #expect(try s.attempts("always500", key: key).count == 3)
    }

    @Test func tooManyRequestsWaitsForRetryAfter() async throws {
        let s = try Self.server()
        let (url, key) = s.searchURL("ratelimit")
        let items = try await Self.client().search(url, STACSearch()).collect()
        #expect(items.count == 1)
        let times = try s.attempts("ratelimit", key: key)
        #expect(times.count == 2)
        if times.count == 2 { #expect(times[1] - times[0] >= 0.9, "Retry-After: 1 was not honoured") }
    }

    @Test func slowResponsesTimeOutWithTheURLAfterRetrying() async throws {
        let s = try Self.server()
        let (url, key) = s.searchURL("slow")
        let error = await Self.error { () async throws(STACError) in
            _ = try await Self.client(attempts: 2, timeout: .seconds(1)).search(url, STACSearch()).collect()
        }
        guard case .timeout(let failed)? = error else { Issue.record("unexpected \(String(describing: error))"); return }
        #expect(failed.hasPrefix(s.baseURL + "/slow/search"))
        // Timeouts are retried: the server saw both attempts (each answer would take 5 s).
        let attempts = try s.attempts("slow", key: key)
        #expect(attempts.count == 2, "the server saw attempts at \(attempts)")
    }

    @Test func truncatedBodiesAreATransportErrorNotBadJSON() async throws {
        let s = try Self.server()
        let (url, _) = s.searchURL("truncated")
        let error = await Self.error { () async throws(STACError) in _ = try await Self.client(attempts: 2).search(url, STACSearch()).collect() }
        guard case .transport(let failed, _)? = error else { Issue.record("unexpected \(String(describing: error))"); return }
        #expect(failed.hasPrefix(s.baseURL + "/truncated/search"))
    }

    @Test func invalidJSONIsATypedErrorAndNotRetried() async throws {
        let s = try Self.server()
        let (url, key) = s.searchURL("invalidjson")
        let error = await Self.error { () async throws(STACError) in _ = try await Self.client().search(url, STACSearch()).collect() }
        guard case .invalidJSON(let failed, let reason)? = error else { Issue.record("unexpected \(String(describing: error))"); return }
        #expect(failed.hasPrefix(s.baseURL + "/invalidjson/search"))
        #expect(reason.contains("byte"))
        #expect(try s.attempts("invalidjson", key: key).count == 1)
    }

    @Test func nonSTACJSONIsATypedErrorNamingWhatIsMissing() async throws {
        let s = try Self.server()
        let (url, key) = s.searchURL("notstac")
        let error = await Self.error { () async throws(STACError) in _ = try await Self.client().search(url, STACSearch()).collect() }
        guard case .notSTAC(let failed, let reason)? = error else { Issue.record("unexpected \(String(describing: error))"); return }
        #expect(failed.hasPrefix(s.baseURL + "/notstac/search"))
        #expect(reason.contains("features"))
        #expect(try s.attempts("notstac", key: key).count == 1)
    }

    @Test func notFoundIsNotRetried() async throws {
        let s = try Self.server()
        let (url, key) = s.searchURL("notfound")
        let error = await Self.error { () async throws(STACError) in _ = try await Self.client().search(url, STACSearch()).collect() }
        guard case .status(_, 404, _)? = error else { Issue.record("unexpected \(String(describing: error))"); return }
        #expect(try s.attempts("notfound", key: key).count == 1)
    }

    @Test(arguments: ["loop", "loop2", "samepage"])
    func nextLinkLoopsAreDetected(mode: String) async throws {
        let s = try Self.server()
        let (url, _) = s.searchURL(mode)
        var seen: [String] = []
        let error = await Self.error { () async throws(STACError) in
            for try await item in Self.client().search(url, STACSearch(method: .get)) { seen.append(item.id) }
        }
        guard case .paginationLoop(let failed)? = error else { Issue.record("unexpected \(String(describing: error))"); return }
        #expect(failed.hasPrefix(s.baseURL + "/\(mode)/search"))
        // loop: the first page links to itself; loop2: search -> p=a -> p=b -> p=a (the repeat is refused);
        // samepage: fresh tokens, but the second page repeats the first.
        #expect(seen.count == ["loop": 1, "loop2": 3, "samepage": 2][mode])
    }

    @Test func postNextLinksAreFollowedWithTheirMergedBody() async throws {
        let s = try Self.server()
        let (url, key) = s.searchURL("postpaging")
        let items = try await Self.client().search(url, STACSearch(collections: ["FAULT"], limit: 2)).collect()
        #expect(items.map(\.id) == ["item-10", "item-11", "item-20", "item-21", "item-30", "item-31"])
        let bodies = try JSONValue(parsing: Array(s.bodies("postpaging", key: key)))
        #expect(bodies == [
            ["collections": ["FAULT"], "limit": 2],
            ["collections": ["FAULT"], "limit": 2, "page": 2],
            ["collections": ["FAULT"], "limit": 2, "page": 3],
        ])
    }

    @Test func maxItemsStopsFetchingPages() async throws {
        let s = try Self.server()
        let (url, key) = s.searchURL("postpaging")
        let items = try await Self.client().search(url, STACSearch(limit: 2, maxItems: 3)).collect()
        #expect(items.map(\.id) == ["item-10", "item-11", "item-20"])
        #expect(try s.attempts("postpaging", key: key).count == 2)
    }

    @Test func headersUserAgentAndTheRequestModifierReachTheServer() async throws {
        let s = try Self.server()
        let (url, _) = s.searchURL("ok")
        let client = STACClient(configuration: .init(headers: ["X-Api-Key": "secret"], userAgent: "eocube-test/1.0",
                                                     requestModifier: { request in
                                                         request.headers["X-Signed"] = "yes"
                                                         request.url += "&signed=1"
                                                     }))
        let page = try #require(try await client.search(url, STACSearch(method: .get)).pages.first { _ in true })
        #expect(page.items.count == 1)
        let ic = try await client.read(url + "&raw=1")
        guard case .itemCollection(let raw) = ic else { Issue.record("not an ItemCollection"); return }
        let headers = raw.additionalFields["request_headers"]
        #expect(headers?["x-api-key"] == "secret")
        #expect(headers?["user-agent"] == "eocube-test/1.0")
        #expect(headers?["x-signed"] == "yes")
        #expect(raw.additionalFields["request_path"]?.stringValue?.hasSuffix("&signed=1") == true)
    }

    @Test func staticCatalogsOverHTTPResolveHrefsAgainstURLsLikePystac() async throws {
        let s = try Self.server()
        let dir = try Interop.temporaryDirectory("eocube-stac-http")
        defer { try? FileManager.default.removeItem(at: dir) }
        _ = try STACTestSupport.pythonJSON(["stac_make_static_catalog.py", dir.path])
        let url = s.baseURL + "/files" + dir.resolvingSymlinksInPath().path + "/catalog.json"
        let expected = try STACTestSupport.pythonJSON(["stac_make_static_catalog.py", "--describe", url])
        let items = try await Self.client().items(at: url).collect()
        let ours = StaticCatalogTests.byID(items.map(StaticCatalogTests.describe))
        let theirs = StaticCatalogTests.byID(expected["items"]?.arrayValue ?? [])
        #expect(theirs.count == 48)
        #expect(ours == theirs)
        #expect(items.first?.assetHref("VV")?.hasPrefix(s.baseURL + "/files/") == true)
    }

    @Test func staticItemLinksToMissingFilesAreA404() async throws {
        let s = try Self.server()
        let error = await Self.error { () async throws(STACError) in
            _ = try await Self.client().items(at: s.baseURL + "/files/nonexistent/catalog.json").collect()
        }
        guard case .status(let failed, 404, _)? = error else { Issue.record("unexpected \(String(describing: error))"); return }
        #expect(failed.hasSuffix("/files/nonexistent/catalog.json"))
    }

    @Test func aThrowingRequestModifierFailsTheRequestWithItsURL() async throws {
        struct Unsigned: Error {}
        let s = try Self.server()
        let (url, key) = s.searchURL("ok")
        let client = STACClient(configuration: .init(requestModifier: { _ in throw Unsigned() }))
        let error = await Self.error { () async throws(STACError) in _ = try await client.search(url, STACSearch()).collect() }
        guard case .transport(let failed, let message)? = error else { Issue.record("unexpected \(String(describing: error))"); return }
        #expect(failed.hasPrefix(s.baseURL + "/ok/search"))
        #expect(message.contains("Unsigned"))
        #expect(try s.attempts("ok", key: key).isEmpty)
    }
}
