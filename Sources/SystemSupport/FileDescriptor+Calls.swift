#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import CPOSIX
import SystemPackage

extension FileDescriptor {
    /// `fstat(2)` of the open file.
    package func status() throws(Errno) -> FileStatus {
        try system_fstat(rawValue).typed()
    }

    /// Reads into `buffer` from `offset` with `pread(2)` until it is full or the file ends; returns
    /// the bytes read. Safe from many threads on one descriptor.
    package func read(fullyInto buffer: UnsafeMutableRawBufferPointer, at offset: Int) throws(Errno) -> Int {
        guard let base = buffer.baseAddress else { return 0 }
        var done = 0
        while done < buffer.count {
            let n = try retryingOnInterrupt { system_pread(rawValue, base + done, buffer.count - done, offset + done) }.typed()
            if n == 0 { break }
            done += n
        }
        return done
    }

    /// Writes all of `bytes` with `write(2)`, continuing after short writes.
    package func write(all bytes: UnsafeRawBufferPointer) throws(Errno) {
        guard let base = bytes.baseAddress else { return }
        var done = 0
        while done < bytes.count {
            done += try retryingOnInterrupt { system_write(rawValue, base + done, bytes.count - done) }.typed()
        }
    }

    /// `close(2)`, reporting a failure (a close can be where a deferred write error surfaces).
    package func closeReporting() throws(Errno) {
        // Not retried: after EINTR the descriptor is already closed on Linux.
        if system_close(rawValue) != 0 { throw Errno(rawValue: errno) }
    }

    /// `fsync(2)`: waits until the file's data and metadata (for a directory: its entries) are on disk.
    package func synchronize() throws(Errno) {
        _ = try retryingOnInterrupt { system_fsync(rawValue) }.typed()
    }

    /// Writes back every dirty page of the file system holding this descriptor: `syncfs(2)` on
    /// Linux; elsewhere `fsync(2)` of the descriptor and `sync(2)` for the rest.
    package func synchronizeFileSystem() throws(Errno) {
        _ = try retryingOnInterrupt { eocube_syncfs(rawValue) }.typed()
    }

    /// Starts writing the file's dirty pages back without waiting (`sync_file_range(2)` on
    /// Linux, nothing elsewhere): advisory, so a later flush has less to wait for.
    package func startWriteback() {
        _ = retryingOnInterrupt { eocube_start_writeback(rawValue) }
    }

    // MARK: Locks

    /// Takes an exclusive `flock(2)` lock on the whole file (or directory) without waiting:
    /// `false` when another open file description holds it.
    package func tryLockExclusively() throws(Errno) -> Bool {
        switch retryingOnInterrupt({ system_flock(rawValue, system_LOCK_EX | system_LOCK_NB) }) {
        case .success: return true
        case .failure(let code) where code == .wouldBlock: return false
        case .failure(let code): throw code
        }
    }

    /// Takes an exclusive record lock on the one byte at `offset` without waiting (open file
    /// description lock on Linux, so threads sharing the descriptor do not conflict on different
    /// bytes and a dying holder drops it): `false` when another holder has it.
    package func tryLockByte(at offset: Int64) throws(Errno) -> Bool {
        switch retryingOnInterrupt({ eocube_try_lock_byte(rawValue, offset) }) {
        case .success: return true
        case .failure(let code) where code == .resourceTemporarilyUnavailable || code == .permissionDenied: return false
        case .failure(let code): throw code
        }
    }

    /// Releases the lock ``tryLockByte(at:)`` took.
    package func unlockByte(at offset: Int64) {
        _ = retryingOnInterrupt { eocube_unlock_byte(rawValue, offset) }
    }
}
