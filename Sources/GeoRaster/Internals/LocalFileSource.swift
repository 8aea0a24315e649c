#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A local file read with `pread`, which is safe to call from several threads at once.
final class LocalFileSource: ByteSource, @unchecked Sendable {
    let location: String
    let size: UInt64
    private let descriptor: Int32

    init(path: String) throws(GeoRasterError) {
        location = path
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .cannotOpen(location: path, reason: String(cString: strerror(errno))) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            let reason = String(cString: strerror(errno))
            close(fd)
            throw .cannotOpen(location: path, reason: reason)
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            close(fd)
            throw .cannotOpen(location: path, reason: "not a regular file")
        }
        descriptor = fd
        size = UInt64(info.st_size)
    }

    deinit { close(descriptor) }

    func read(into buffer: UnsafeMutableRawBufferPointer, at offset: UInt64) throws(GeoRasterError) -> Int {
        // Offsets come from the file; past the end (or past what off_t holds) is end of file.
        guard offset < size else { return 0 }
        var done = 0
        while done < buffer.count {
            let n = pread(descriptor, buffer.baseAddress! + done, buffer.count - done, off_t(offset) + off_t(done))
            if n < 0 {
                if errno == EINTR { continue }
                throw .readFailed(location: location, reason: String(cString: strerror(errno)))
            }
            if n == 0 { break }
            done += n
        }
        return done
    }
}
