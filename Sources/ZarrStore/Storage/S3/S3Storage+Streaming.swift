import Dispatch
import Foundation
internal import HTTPTransport
import Synchronization

extension S3Storage: ZarrStreamingStorage {
    /// A writer that uploads the value in parts of ``partSize`` as it is appended (a
    /// multipart upload, completed on commit, so nothing is visible before); a value smaller
    /// than one part is sent as a single `PUT` on commit.
    public func makeValueWriter(for key: String) throws(ZarrError) -> any ZarrValueWriter {
        guard isWritable else { throw .readOnlyStore(description) }
        return S3ValueWriter(storage: self, key: key, objectKey: try objectKey(key))
    }
}

/// ``S3Storage``'s ``ZarrValueWriter``.
///
/// Full parts are uploaded in the background, at most ``S3Storage/partsInFlight`` at once,
/// while the caller goes on appending (so encoding and network overlap); memory stays at
/// `(partsInFlight + 1) × partSize` whatever the value's size. Abort (or a failed commit)
/// aborts the multipart upload, so the server keeps (and bills) no orphaned parts.
final class S3ValueWriter: ZarrValueWriter {
    // Owned by the one caller appending (a ZarrValueWriter is not Sendable), so no lock.
    private let storage: S3Storage
    private let key: String
    private let objectKey: String
    private let partSize: Int
    private var buffer: [UInt8] = []
    private var uploadID: String?
    private var partsStarted = 0
    private var totalBytes = 0
    private var finished = false
    /// The one part of the writer the upload threads touch.
    private let uploads: S3PartUploads

    init(storage: S3Storage, key: String, objectKey: String) {
        self.storage = storage
        self.key = key
        self.objectKey = objectKey
        // S3 refuses parts below 5 MiB (but the last).
        self.partSize = max(storage.partSize, 5 << 20)
        self.uploads = S3PartUploads(partsInFlight: max(1, storage.partsInFlight))
    }

    func append(_ bytes: UnsafeRawBufferPointer) throws(ZarrError) {
        precondition(!finished, "append after commit or abort")
        var offset = 0
        while offset < bytes.count {
            if buffer.isEmpty { buffer.reserveCapacity(partSize) }
            let take = min(partSize - buffer.count, bytes.count - offset)
            buffer.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + take]))
            offset += take
            totalBytes += take
            if buffer.count == partSize { try startPartUpload() }
        }
    }

    /// Hands the buffered part to an upload thread (waiting while too many are in flight).
    private func startPartUpload() throws(ZarrError) {
        if let error = uploads.firstError { throw error }
        if uploadID == nil {
            do { uploadID = try storage.client.createMultipartUpload(bucket: storage.bucket, key: objectKey) } catch {
                throw storage.translate(error, key: key)
            }
        }
        partsStarted += 1
        let number = partsStarted, body = buffer, upload = uploadID!
        buffer = []
        let storage = storage, key = key, objectKey = objectKey
        uploads.start(number: number) { () throws(ZarrError) -> String in
            do throws(S3Error) {
                return try storage.client.uploadPart(bucket: storage.bucket, key: objectKey, uploadID: upload, number: number, body: body)
            } catch {
                throw storage.translate(error, key: key)
            }
        }
    }

    func commit() throws(ZarrError) {
        precondition(!finished, "commit after commit or abort")
        guard let uploadID else {
            do { try storage.client.putObject(bucket: storage.bucket, key: objectKey, body: buffer) } catch {
                abort()
                throw storage.translate(error, key: key)
            }
            finished = true
            buffer = []
            return
        }
        do throws(ZarrError) {
            if !buffer.isEmpty { try startPartUpload() }
            let etags = try uploads.waitForAll()
            let ordered = (1...partsStarted).map { etags[$0] ?? "" }
            try complete(uploadID: uploadID, partETags: ordered)
        } catch {
            abort()
            throw error
        }
        finished = true
        buffer = []
    }

    private func complete(uploadID: String, partETags: [String]) throws(ZarrError) {
        do {
            try storage.client.completeMultipartUpload(bucket: storage.bucket, key: objectKey, uploadID: uploadID, partETags: partETags)
        } catch {
            // A completion whose answer was lost and that was retried finds its upload gone:
            // if the object now has exactly our parts and size, it was ours.
            if case .service(_, 404, "NoSuchUpload", _) = error,
               let info = try? storage.client.headObject(bucket: storage.bucket, key: objectKey),
               info.size == UInt64(totalBytes), info.etag.hasSuffix("-\(partETags.count)\"") {
                return
            }
            throw storage.translate(error, key: key)
        }
    }

    func abort() {
        guard !finished else { return }
        finished = true
        buffer = []
        _ = try? uploads.waitForAll()
        if let uploadID {
            try? storage.client.abortMultipartUpload(bucket: storage.bucket, key: objectKey, uploadID: uploadID)
        }
    }

    deinit { abort() }
}

/// The parts of one ``S3ValueWriter`` being uploaded in the background: at most `partsInFlight`
/// at once, each reporting its ETag (by part number) or the first error.
private final class S3PartUploads: Sendable {
    private struct Results {
        var etags: [Int: String] = [:]
        var firstError: ZarrError?
    }

    private let results = Mutex(Results())
    private let slots: DispatchSemaphore
    private let running = DispatchGroup()
    private static let queue = DispatchQueue(label: "eocube.s3.parts", attributes: .concurrent)

    init(partsInFlight: Int) { slots = DispatchSemaphore(value: partsInFlight) }

    /// The first error of a finished upload, if any.
    var firstError: ZarrError? { results.withLock { $0.firstError } }

    /// Uploads part `number` with `upload` (which returns its ETag) on a background thread,
    /// first waiting while `partsInFlight` are running.
    func start(number: Int, _ upload: @escaping @Sendable () throws(ZarrError) -> String) {
        slots.wait()
        running.enter()
        Self.queue.async { [self] in
            defer { slots.signal(); running.leave() }
            do throws(ZarrError) {
                let etag = try upload()
                results.withLock { $0.etags[number] = etag }
            } catch {
                results.withLock { if $0.firstError == nil { $0.firstError = error } }
            }
        }
    }

    /// Waits for every started upload; the ETags by part number, or the first error.
    func waitForAll() throws(ZarrError) -> [Int: String] {
        running.wait()
        let (etags, failure) = results.withLock { ($0.etags, $0.firstError) }
        if let failure { throw failure }
        return etags
    }
}
