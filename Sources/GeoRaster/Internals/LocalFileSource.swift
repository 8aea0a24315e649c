import SystemSupport

/// A local file read with `pread`, which is safe to call from several threads at once.
final class LocalFileSource: ByteSource, Sendable {
    let location: String
    let size: UInt64
    private let descriptor: FileDescriptor

    init(path: String) throws(GeoRasterError) {
        location = path
        let fd: FileDescriptor
        do { fd = try FileCalls.open(path, .readOnly) } catch { throw .cannotOpen(location: path, reason: error.description) }
        let status: FileStatus
        do { status = try fd.status() } catch {
            try? fd.close()
            throw .cannotOpen(location: path, reason: error.description)
        }
        guard status.kind == .regular else {
            try? fd.close()
            throw .cannotOpen(location: path, reason: "not a regular file")
        }
        descriptor = fd
        size = UInt64(status.size)
    }

    deinit { try? descriptor.close() }

    func read(into buffer: UnsafeMutableRawBufferPointer, at offset: UInt64) throws(GeoRasterError) -> Int {
        // Offsets come from the file; past the end (or past what off_t holds) is end of file.
        guard offset < size else { return 0 }
        do { return try descriptor.read(fullyInto: buffer, at: Int(offset)) } catch {
            throw .readFailed(location: location, reason: error.description)
        }
    }
}
