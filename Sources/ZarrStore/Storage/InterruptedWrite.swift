import SystemSupport

/// The temporary files ``FileSystemStorage`` writes before renaming them into place
/// (`.<key name>.<pid>-<random>.tmp`), and whether one was left by a writer that is gone.
enum InterruptedWrite {
    /// Whether the file `name` is a temporary file of an atomic write whose process no longer
    /// runs (or that carries no pid: a leftover of an older naming). A live writer's, such as
    /// another builder's on a shared store, is not.
    static func isAbandoned(_ name: String) -> Bool {
        guard name.hasPrefix("."), name.hasSuffix(POSIXFile.temporarySuffix) else { return false }
        let tag = name.dropLast(POSIXFile.temporarySuffix.count).split(separator: ".").last ?? ""
        guard let dash = tag.firstIndex(of: "-"), let pid = Int32(tag[..<dash]) else { return true }
        return !ProcessStatus.isRunning(pid)
    }
}
