import Logging
import Synchronization

/// Hands out libtiff handles over one ``ByteSource``, one per concurrent decoder.
///
/// libtiff handles are not thread-safe, so parallel decoding uses several handles that share
/// the (thread-safe) source; idle handles are kept for reuse, preferring one already
/// positioned on the wanted directory.
final class TIFFHandlePool: Sendable {
    let source: ByteSource
    private let options: RasterOpenOptions
    private let logger: Logger
    /// Handles no thread is using.
    private let idle = Mutex<[IdleTIFFHandle]>([])

    init(source: ByteSource, options: RasterOpenOptions, logger: Logger) {
        self.source = source
        self.options = options
        self.logger = logger
    }

    /// Runs `body` with a handle positioned on `directory` (or on the first directory when nil).
    func withHandle<R>(on directory: ImageDirectory?, _ body: (TIFFHandle) throws(GeoRasterError) -> R) throws(GeoRasterError) -> R {
        let handle = try checkOut(directoryOffset: directory?.offset)
        defer { checkIn(handle) }
        if let directory {
            try handle.setDirectory(directory)
        }
        return try body(handle)
    }

    /// Runs `body` with a handle opened for it alone and closed afterwards, for codecs whose
    /// state goes wrong when a handle decodes a block again or out of order (libtiff's old-style
    /// JPEG decoder returns garbage for a strip read a second time on the same handle).
    func withFreshHandle<R>(on directory: ImageDirectory, _ body: (TIFFHandle) throws(GeoRasterError) -> R) throws(GeoRasterError) -> R {
        let handle = try TIFFHandle(source: source, maxSingleAllocation: options.maxSingleAllocation, logger: logger)
        try handle.setDirectory(directory)
        return try body(handle)
    }

    private func checkOut(directoryOffset: UInt64?) throws(GeoRasterError) -> TIFFHandle {
        let reused = idle.withLock { idle -> TIFFHandle? in
            if let directoryOffset, let index = idle.lastIndex(where: { $0.handle.directoryOffset == directoryOffset }) {
                return idle.remove(at: index).handle
            }
            return idle.popLast()?.handle
        }
        if let reused { return reused }
        return try TIFFHandle(source: source, maxSingleAllocation: options.maxSingleAllocation, logger: logger)
    }

    private func checkIn(_ handle: TIFFHandle) {
        let capacity = options.concurrency + 1
        let returned = IdleTIFFHandle(handle: handle)
        idle.withLock { idle in
            if idle.count < capacity { idle.append(returned) }
        }
    }
}

/// A handle between two users, moved through the pool's mutex.
///
/// Unchecked because the handle has passed through `withHandle`'s body, so the compiler cannot
/// prove nobody kept it; the pool's contract (a body does not keep its handle) is what makes
/// handing it to the next thread safe. `sending` cannot express "the body gave it back".
private struct IdleTIFFHandle: @unchecked Sendable {
    let handle: TIFFHandle
}
