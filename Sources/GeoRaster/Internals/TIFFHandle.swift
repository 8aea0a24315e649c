import CTIFF
import Logging

/// The client data of one libtiff handle: a shared ``ByteSource`` plus this handle's file position.
final class TIFFStream {
    let source: ByteSource
    var position: UInt64 = 0
    /// The I/O error behind a failed read, reported instead of libtiff's generic message.
    var lastError: GeoRasterError?

    init(source: ByteSource) { self.source = source }
}

/// One open libtiff `TIFF *` over a ``ByteSource``. Not thread-safe: libtiff handles keep
/// per-handle state (current directory, codec state), so each thread checks one out of a
/// ``TIFFHandlePool``.
final class TIFFHandle {
    let tiff: OpaquePointer
    let stream: TIFFStream
    let log: TIFFMessageLog
    private let retainedStream: Unmanaged<TIFFStream>
    private let retainedLog: Unmanaged<TIFFMessageLog>
    /// Offset of the directory the handle is positioned on.
    private(set) var directoryOffset: UInt64

    init(source: ByteSource, maxSingleAllocation: Int, logger: Logger) throws(GeoRasterError) {
        _ = TIFFMessageLog.installSink
        try Self.checkMagic(source)
        let stream = TIFFStream(source: source)
        let log = TIFFMessageLog(location: source.location, logger: logger)
        let retainedStream = Unmanaged.passRetained(stream)
        let retainedLog = Unmanaged.passRetained(log)
        let options = eocube_tiff_open_options_limited(retainedLog.toOpaque(), Int64(maxSingleAllocation))
        defer { if let options { TIFFOpenOptionsFree(options) } }
        // "m": no memory mapping, every read goes through the source. libtiff reads the first
        // directory now; errors land in `log`.
        let opened = TIFFClientOpenExt(source.location, "rm", retainedStream.toOpaque(),
                                       tiffRead, tiffWrite, tiffSeek, tiffClose, tiffSize, tiffMap, tiffUnmap, options)
        guard let opened else {
            retainedStream.release()
            retainedLog.release()
            if let ioError = stream.lastError { throw ioError }
            throw .invalidFile(location: source.location, reason: log.takeErrors())
        }
        tiff = opened
        self.stream = stream
        self.log = log
        self.retainedStream = retainedStream
        self.retainedLog = retainedLog
        directoryOffset = TIFFCurrentDirOffset(opened)
        // Errors libtiff reported but read past (an unreadable custom tag, say) would otherwise
        // lead the message of the next real failure on this handle.
        _ = log.takeErrors()
    }

    deinit {
        TIFFClose(tiff)
        retainedStream.release()
        retainedLog.release()
    }

    /// Refuses non-TIFF input before libtiff sees it, with a message naming the magic found.
    private static func checkMagic(_ source: ByteSource) throws(GeoRasterError) {
        var header = [UInt8](repeating: 0, count: 4)
        let result = header.withUnsafeMutableBytes { buffer in
            Result { () throws(GeoRasterError) -> Int in try source.read(into: buffer, at: 0) }
        }
        let count = try result.get()
        guard count == 4 else {
            throw .notATIFF(location: source.location, reason: "file is only \(count) bytes long")
        }
        let valid = (header[0] == 0x49 && header[1] == 0x49 && (header[2] == 42 || header[2] == 43) && header[3] == 0)
            || (header[0] == 0x4D && header[1] == 0x4D && header[2] == 0 && (header[3] == 42 || header[3] == 43))
        guard valid else {
            let hex = header.map { String($0, radix: 16) }.joined(separator: " ")
            throw .notATIFF(location: source.location, reason: "magic bytes are \(hex), expected II*\\0 or MM\\0*")
        }
    }

    /// The error to throw after a failed libtiff call: the I/O error if there was one, else libtiff's messages.
    func failure(_ make: (String) -> GeoRasterError) -> GeoRasterError {
        if let ioError = stream.lastError {
            stream.lastError = nil
            _ = log.takeErrors()
            return ioError
        }
        return make(log.takeErrors())
    }

    /// Positions the handle on `directory` (no-op when already there) and applies the
    /// decoding settings GeoRaster wants on it.
    func setDirectory(_ directory: ImageDirectory) throws(GeoRasterError) {
        if directory.offset != directoryOffset {
            guard TIFFSetSubDirectory(tiff, directory.offset) == 1 else {
                directoryOffset = TIFFCurrentDirOffset(tiff)
                throw failure { .invalidFile(location: stream.source.location, reason: "cannot read directory at \(directory.offset): \($0)") }
            }
            directoryOffset = directory.offset
            settingsApplied = false
        }
        // Pseudo-tag and codec state are reset whenever libtiff reads a directory, so they are
        // set after every move, before the first block of the directory is decoded.
        guard !settingsApplied else { return }
        if directory.needsJPEGColorConversion { _ = eocube_tiff_set_jpeg_rgb(tiff) }
        if directory.undoesPredictorItself { _ = eocube_tiff_set_u16(tiff, 317, 1) }
        settingsApplied = true
    }

    /// Whether ``setDirectory(_:)`` applied its settings to the current directory.
    private var settingsApplied = false

    /// Reads the next directory in the IFD chain (for the walk at open time); false at the end.
    func readNextDirectory() -> Bool {
        let more = TIFFReadDirectory(tiff) == 1
        directoryOffset = TIFFCurrentDirOffset(tiff)
        settingsApplied = false
        return more
    }

    // MARK: Tag access

    func u16(_ tag: UInt32) -> UInt16? {
        var value: UInt16 = 0
        return eocube_tiff_get_u16(tiff, tag, &value) == 1 ? value : nil
    }

    func u16Defaulted(_ tag: UInt32) -> UInt16? {
        var value: UInt16 = 0
        return eocube_tiff_get_u16_default(tiff, tag, &value) == 1 ? value : nil
    }

    func u32(_ tag: UInt32) -> UInt32? {
        var value: UInt32 = 0
        return eocube_tiff_get_u32(tiff, tag, &value) == 1 ? value : nil
    }

    func u32Defaulted(_ tag: UInt32) -> UInt32? {
        var value: UInt32 = 0
        return eocube_tiff_get_u32_default(tiff, tag, &value) == 1 ? value : nil
    }

    /// A float-valued baseline tag (XResolution, YResolution: libtiff keeps them as `float`).
    func float(_ tag: UInt32) -> Float? {
        var value: Float = 0
        return eocube_tiff_get_float(tiff, tag, &value) == 1 ? value : nil
    }

    func string(_ tag: UInt32) -> String? {
        var pointer: UnsafeMutablePointer<CChar>? = nil
        guard eocube_tiff_get_string(tiff, tag, &pointer) == 1, let pointer else { return nil }
        return String(cString: pointer)
    }

    /// A registered array tag (TIFF_VARIABLE2: uint32 count) of doubles.
    func doubles(_ tag: UInt32) -> [Double]? {
        var count: UInt32 = 0
        var pointer: UnsafeMutableRawPointer? = nil
        guard eocube_tiff_get_count32_array(tiff, tag, &count, &pointer) == 1, let pointer else { return nil }
        return Array(UnsafeBufferPointer(start: pointer.assumingMemoryBound(to: Double.self), count: Int(count)))
    }

    /// A registered array tag (TIFF_VARIABLE2: uint32 count) of longs.
    func u32s(_ tag: UInt32) -> [UInt32]? {
        // Only tags some codec or extender registered: an unknown tag has no defined calling convention.
        guard TIFFFindField(tiff, tag, TIFF_NOTYPE) != nil else { return nil }
        var count: UInt32 = 0
        var pointer: UnsafeMutableRawPointer? = nil
        guard eocube_tiff_get_count32_array(tiff, tag, &count, &pointer) == 1, let pointer else { return nil }
        return Array(UnsafeBufferPointer(start: pointer.assumingMemoryBound(to: UInt32.self), count: Int(count)))
    }

    /// A registered array tag (TIFF_VARIABLE2: uint32 count) of shorts.
    func shorts(_ tag: UInt32) -> [UInt16]? {
        var count: UInt32 = 0
        var pointer: UnsafeMutableRawPointer? = nil
        guard eocube_tiff_get_count32_array(tiff, tag, &count, &pointer) == 1, let pointer else { return nil }
        return Array(UnsafeBufferPointer(start: pointer.assumingMemoryBound(to: UInt16.self), count: Int(count)))
    }
}

// MARK: libtiff client procedures

private func stream(_ handle: thandle_t?) -> TIFFStream {
    Unmanaged<TIFFStream>.fromOpaque(UnsafeRawPointer(handle!)).takeUnretainedValue()
}

private let tiffRead: TIFFReadWriteProc = { handle, buffer, size in
    let s = stream(handle)
    guard let buffer, size > 0 else { return 0 }
    do throws(GeoRasterError) {
        let count = try s.source.read(into: UnsafeMutableRawBufferPointer(start: buffer, count: Int(size)), at: s.position)
        s.position += UInt64(count)
        return tmsize_t(count)
    } catch {
        s.lastError = error
        return -1
    }
}

private let tiffWrite: TIFFReadWriteProc = { _, _, _ in -1 }

private let tiffSeek: TIFFSeekProc = { handle, offset, whence in
    let s = stream(handle)
    switch whence {
    case SEEK_SET: s.position = offset
    case SEEK_CUR: s.position = s.position &+ offset
    case SEEK_END: s.position = s.source.size &+ offset
    default: return UInt64.max
    }
    return s.position
}

private let tiffClose: TIFFCloseProc = { _ in 0 }
private let tiffSize: TIFFSizeProc = { handle in stream(handle).source.size }
private let tiffMap: TIFFMapFileProc = { _, _, _ in 0 }
private let tiffUnmap: TIFFUnmapFileProc = { _, _, _ in }
