#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
/// The parts of `stat(2)` the modules use: kind, size and identity.
package struct FileStatus: Sendable, Hashable {
    /// The kind of file.
    package enum Kind: Sendable, Hashable {
        case regular, directory, symbolicLink, other
    }

    package let kind: Kind
    /// The size in bytes.
    package let size: Int
    /// The device holding the file.
    package let device: UInt64
    /// The inode on that device.
    package let inode: UInt64

    init(_ info: stat) {
        switch info.st_mode & S_IFMT {
        case S_IFREG: kind = .regular
        case S_IFDIR: kind = .directory
        case S_IFLNK: kind = .symbolicLink
        default: kind = .other
        }
        size = Int(info.st_size)
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
    }
}
