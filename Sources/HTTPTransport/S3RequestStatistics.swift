import Synchronization

/// What an ``S3Client`` has sent: requests by method and bytes each way, counted once per
/// request whatever its retries, so benchmarks and users can see what a workload costs in
/// requests (which object stores bill) as well as in bytes.
public final class S3RequestStatistics: Sendable {
    /// A snapshot of the counters.
    public struct Snapshot: Sendable, Hashable {
        /// `GET` requests (whole or ranged objects, listings).
        public var gets = 0
        /// `HEAD` requests.
        public var heads = 0
        /// `PUT` requests (objects and multipart parts).
        public var puts = 0
        /// `POST` requests (multipart start and completion, multi-object delete).
        public var posts = 0
        /// `DELETE` requests.
        public var deletes = 0
        /// Request body bytes sent.
        public var bytesSent = 0
        /// Response body bytes received.
        public var bytesReceived = 0

        /// Every request.
        public var requests: Int { gets + heads + puts + posts + deletes }

        /// The counts between an earlier snapshot and this one.
        public func since(_ earlier: Snapshot) -> Snapshot {
            Snapshot(gets: gets - earlier.gets, heads: heads - earlier.heads, puts: puts - earlier.puts, posts: posts - earlier.posts,
                     deletes: deletes - earlier.deletes, bytesSent: bytesSent - earlier.bytesSent,
                     bytesReceived: bytesReceived - earlier.bytesReceived)
        }
    }

    private let counters = Mutex(Snapshot())

    /// Counters at zero.
    public init() {}

    /// The counts so far.
    public var snapshot: Snapshot { counters.withLock { $0 } }

    /// Counts one request with `sent` and `received` body bytes.
    func record(_ method: HTTPMethod, sent: Int, received: Int) {
        counters.withLock { counts in
            switch method {
            case .get: counts.gets += 1
            case .head: counts.heads += 1
            case .put: counts.puts += 1
            case .post: counts.posts += 1
            case .delete: counts.deletes += 1
            default: break
            }
            counts.bytesSent += sent
            counts.bytesReceived += received
        }
    }
}
