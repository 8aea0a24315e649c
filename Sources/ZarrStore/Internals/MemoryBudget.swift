import Foundation
import SystemSupport

/// How much memory one read may ask for: the smallest of the machine's RAM, the cgroup's
/// memory limit (containers) and the address-space rlimit. A request above it would only
/// end in the allocator aborting the process, so it is refused with a typed error first.
enum MemoryBudget {
    static let bytes: Int = {
        var budget = Int(clamping: ProcessInfo.processInfo.physicalMemory)
        for file in ["/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"] {
            if let text = try? String(contentsOfFile: file, encoding: .utf8),
               let limit = Int(text.trimmingCharacters(in: .whitespacesAndNewlines)), limit > 0 {
                budget = min(budget, limit)
            }
        }
        if let limit = ProcessLimits.addressSpace { budget = min(budget, limit) }
        return budget
    }()
}
