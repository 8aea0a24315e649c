#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import Foundation

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
        var limit = rlimit()
        if getrlimit(__rlimit_resource_t(RLIMIT_AS.rawValue), &limit) == 0, limit.rlim_cur != rlim_t.max {
            budget = min(budget, Int(clamping: limit.rlim_cur))
        }
        return budget
    }()
}
