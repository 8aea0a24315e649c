// The C library is imported only inside this target; every module reaches system calls through
// its typed wrappers.
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import SystemPackage

/// Runs a call that returns `-1` and sets `errno` on failure, again while it fails with `EINTR`
/// (a signal arrived before it finished); the one EINTR retry loop of the package.
@inline(__always)
func retryingOnInterrupt(_ call: () -> CInt) -> Result<CInt, Errno> {
    while true {
        let result = call()
        if result != -1 { return .success(result) }
        let code = Errno(rawValue: errno)
        if code != .interrupted { return .failure(code) }
    }
}

/// ``retryingOnInterrupt(_:)`` for calls returning a byte count (`ssize_t`).
@inline(__always)
func retryingOnInterrupt(_ call: () -> Int) -> Result<Int, Errno> {
    while true {
        let result = call()
        if result >= 0 { return .success(result) }
        let code = Errno(rawValue: errno)
        if code != .interrupted { return .failure(code) }
    }
}

extension Result where Failure == Errno {
    /// The value, or the `Errno` thrown as a typed error.
    @inline(__always)
    func typed() throws(Errno) -> Success {
        switch self {
        case .success(let value): return value
        case .failure(let error): throw error
        }
    }
}

// MARK: - Raw calls
// Free functions, so `FileDescriptor`'s and `FileCalls`' methods of the same names do not shadow them.

@inline(__always) func system_fstat(_ fd: CInt) -> Result<FileStatus, Errno> {
    var info = stat()
    return retryingOnInterrupt { fstat(fd, &info) }.map { _ in FileStatus(info) }
}

@inline(__always) func system_stat(_ path: String, followingLinks: Bool) -> Result<FileStatus, Errno> {
    var info = stat()
    return retryingOnInterrupt { followingLinks ? stat(path, &info) : lstat(path, &info) }.map { _ in FileStatus(info) }
}

@inline(__always) func system_pread(_ fd: CInt, _ buffer: UnsafeMutableRawPointer, _ count: Int, _ offset: Int) -> Int {
    pread(fd, buffer, count, off_t(offset))
}

@inline(__always) func system_write(_ fd: CInt, _ buffer: UnsafeRawPointer, _ count: Int) -> Int { write(fd, buffer, count) }
@inline(__always) func system_close(_ fd: CInt) -> CInt { close(fd) }
@inline(__always) func system_flock(_ fd: CInt, _ operation: CInt) -> CInt { flock(fd, operation) }
@inline(__always) func system_fsync(_ fd: CInt) -> CInt { fsync(fd) }
@inline(__always) func system_link(_ existing: String, _ new: String) -> CInt { link(existing, new) }
@inline(__always) func system_rename(_ source: String, _ destination: String) -> CInt { rename(source, destination) }
@inline(__always) func system_unlink(_ path: String) -> CInt { unlink(path) }
@inline(__always) func system_mkdir(_ path: String, _ mode: mode_t) -> CInt { mkdir(path, mode) }
let system_LOCK_EX = LOCK_EX
let system_LOCK_NB = LOCK_NB
