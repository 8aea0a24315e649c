import HTTPTransport

extension S3Storage: ZarrStreamingStorage {
    /// A writer that uploads the value in parts of ``partSize`` as it is appended (a
    /// multipart upload, completed on commit, so nothing is visible before); a value smaller
    /// than one part is sent as a single `PUT` on commit.
    public func makeValueWriter(for key: String) throws(ZarrError) -> any ZarrValueWriter {
        guard isWritable else { throw .readOnlyStore(description) }
        return S3ValueWriter(storage: self, key: key, objectKey: try objectKey(key))
    }
}

/// ``S3Storage``'s ``ZarrValueWriter``: buffers one part at a time, so a shard of any size
/// needs only ``S3Storage/partSize`` bytes of memory. Abort (or a failed commit) aborts the
/// multipart upload, so its parts are not kept (and billed) by the server.
final class S3ValueWriter: ZarrValueWriter {
    private let storage: S3Storage
    private let key: String
    private let objectKey: String
    private let partSize: Int
    private var buffer: [UInt8] = []
    private var uploadID: String?
    private var partETags: [String] = []
    private var finished = false

    init(storage: S3Storage, key: String, objectKey: String) {
        self.storage = storage
        self.key = key
        self.objectKey = objectKey
        // S3 refuses parts below 5 MiB (but the last).
        self.partSize = max(storage.partSize, 5 << 20)
    }

    func append(_ bytes: UnsafeRawBufferPointer) throws(ZarrError) {
        precondition(!finished, "append after commit or abort")
        var offset = 0
        while offset < bytes.count {
            let take = min(partSize - buffer.count, bytes.count - offset)
            buffer.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + take]))
            offset += take
            if buffer.count == partSize { try uploadBufferedPart() }
        }
    }

    private func uploadBufferedPart() throws(ZarrError) {
        do {
            if uploadID == nil { uploadID = try storage.client.createMultipartUpload(bucket: storage.bucket, key: objectKey) }
            partETags.append(try storage.client.uploadPart(bucket: storage.bucket, key: objectKey, uploadID: uploadID!,
                                                           number: partETags.count + 1, body: buffer))
        } catch {
            throw storage.translate(error, key: key)
        }
        buffer.removeAll(keepingCapacity: true)
    }

    func commit() throws(ZarrError) {
        precondition(!finished, "commit after commit or abort")
        do {
            if let uploadID {
                if !buffer.isEmpty { try uploadBufferedPart() }
                try storage.client.completeMultipartUpload(bucket: storage.bucket, key: objectKey, uploadID: uploadID, partETags: partETags)
            } else {
                try storage.client.putObject(bucket: storage.bucket, key: objectKey, body: buffer)
            }
        } catch let error as ZarrError {
            abort()
            throw error
        } catch let error as S3Error {
            abort()
            throw storage.translate(error, key: key)
        } catch {
            abort()
            throw .storage(key: key, message: "\(error)")
        }
        finished = true
        buffer = []
    }

    func abort() {
        guard !finished else { return }
        finished = true
        buffer = []
        if let uploadID {
            try? storage.client.abortMultipartUpload(bucket: storage.bucket, key: objectKey, uploadID: uploadID)
        }
    }

    deinit { abort() }
}
