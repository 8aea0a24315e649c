import Foundation
import SystemSupport

/// A directory built aside and then moved into place in one step, so the destination holds
/// either its old contents or the complete new ones, never a mix or a partial result.
///
/// The staging directory is a hidden sibling of the destination (same file system, so
/// `rename(2)` applies): `.<name>.zarr-copy-<pid>-<random>`. An existing destination is
/// swapped with `renameat2(RENAME_EXCHANGE)`; where that is unavailable it is renamed aside
/// first (a short window without a destination, never a mixed one). Leftovers of copies whose
/// process is gone are removed when the next copy to the same destination starts.
struct StagedDirectory {
    /// The resolved final location.
    let destination: String
    /// Where the contents are built.
    let staging: String

    static let marker = ".zarr-copy-"
    static let oldMarker = ".zarr-replaced-"

    /// Creates the staging directory next to `destination` (making the parent when missing)
    /// after removing dead copies' leftovers there.
    init(destination: String) throws(ZarrError) {
        let parent = (destination as NSString).deletingLastPathComponent
        let name = (destination as NSString).lastPathComponent
        do { try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true) } catch {
            throw .storage(key: "", message: "cannot create the directory '\(parent)' for the copy: \(error.localizedDescription)")
        }
        Self.removeLeftovers(in: parent, name: name)
        // The name part is shortened so the hidden name stays below NAME_MAX (255 bytes).
        let stem = name.utf8.count <= 180 ? name : String(decoding: name.utf8.prefix(180), as: UTF8.self)
        let staging = parent + "/." + stem + Self.marker + "\(ProcessStatus.currentID)-\(UInt32.random(in: 0...UInt32.max))"
        do {
            guard try FileCalls.makeDirectory(staging) else { throw Errno.fileExists }
        } catch {
            throw .storage(key: "", message: "cannot create the staging directory '\(staging)': \(error)")
        }
        self.destination = destination
        self.staging = staging
    }

    /// Moves the staged contents into place; an existing destination (a store the caller agreed
    /// to replace, or an empty directory) is swapped out and then removed.
    /// `exchange: false` takes the fallback path (tests use it to cover file systems without RENAME_EXCHANGE).
    func commit(exchange: Bool = true) throws(ZarrError) {
        let renameError: Errno
        do { try FileCalls.rename(staging, to: destination); return } catch { renameError = error }
        // rename(2) refuses a non-empty destination directory: swap the two atomically.
        guard renameError == .directoryNotEmpty || renameError == .fileExists else {
            throw .storage(key: "", message: "cannot move the copy into '\(destination)': \(renameError)")
        }
        var exchangeError = Errno.noFunction
        if exchange {
            do {
                try FileCalls.exchange(staging, destination)
                removeTree(staging)  // now holds the old store
                return
            } catch { exchangeError = error }
        }
        guard exchangeError == .invalidArgument || exchangeError == .noFunction || exchangeError == .notSupported
                || exchangeError == .notSupportedOnSocket else {
            throw .storage(key: "", message: "cannot swap the copy into '\(destination)': \(exchangeError)")
        }
        // No atomic exchange here: move the old store aside, the new one in, then drop the old.
        let aside = staging.replacingOccurrences(of: Self.marker, with: Self.oldMarker)
        do { try FileCalls.rename(destination, to: aside) } catch {
            throw .storage(key: "", message: "cannot move the old store '\(destination)' aside: \(error)")
        }
        do { try FileCalls.rename(staging, to: destination) } catch {
            try? FileCalls.rename(aside, to: destination)  // put the old store back
            throw .storage(key: "", message: "cannot move the copy into '\(destination)': \(error)")
        }
        removeTree(aside)
    }

    /// Removes the staging directory (after a failed copy).
    func discard() { removeTree(staging) }

    private func removeTree(_ path: String) { try? FileManager.default.removeItem(atPath: path) }

    /// Removes `.<name>.zarr-copy-<pid>-…` and `.<name>.zarr-replaced-<pid>-…` siblings whose process no longer runs.
    static func removeLeftovers(in parent: String, name: String) {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: parent) else { return }
        let stem = name.utf8.count <= 180 ? name : String(decoding: name.utf8.prefix(180), as: UTF8.self)
        for entry in entries {
            for marker in [marker, oldMarker] {
                let prefix = "." + stem + marker
                guard entry.hasPrefix(prefix), let pid = Int32(entry.dropFirst(prefix.count).prefix { $0 != "-" }) else { continue }
                if !ProcessStatus.isRunning(pid) { try? FileManager.default.removeItem(atPath: parent + "/" + entry) }
            }
        }
    }
}
