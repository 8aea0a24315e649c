import Foundation
import Logging

/// Hands out libtiff handles over one ``ByteSource``, one per concurrent decoder.
///
/// libtiff handles are not thread-safe, so parallel decoding uses several handles that share
/// the (thread-safe) source; idle handles are kept for reuse, preferring one already
/// positioned on the wanted directory.
final class TIFFHandlePool: @unchecked Sendable {
    let source: ByteSource
    private let options: RasterOpenOptions
    private let logger: Logger
    private let lock = NSLock()
    private var idle: [TIFFHandle] = []

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
        let reused: TIFFHandle? = lock.withLock {
            if let directoryOffset, let index = idle.lastIndex(where: { $0.directoryOffset == directoryOffset }) {
                return idle.remove(at: index)
            }
            return idle.popLast()
        }
        if let reused { return reused }
        return try TIFFHandle(source: source, maxSingleAllocation: options.maxSingleAllocation, logger: logger)
    }

    private func checkIn(_ handle: TIFFHandle) {
        lock.withLock {
            if idle.count < options.concurrency + 1 { idle.append(handle) }
        }
    }
}
