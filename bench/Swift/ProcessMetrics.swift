import ArgumentParser
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What the benchmarks measure about processes (CPU time, peak memory) and how they run peer
/// programs, in one place so every benchmark measures the same way.
enum ProcessMetrics {
    /// User + system CPU seconds of a resource-usage record.
    static func cpuSeconds(_ usage: rusage) -> Double {
        Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }

    /// User + system CPU seconds of this whole process so far (all threads).
    static func cpuSeconds() -> Double {
        cpuSeconds(ownUsage())
    }

    /// This process's peak resident set in KiB (`ru_maxrss`; on Linux it includes what the
    /// process inherited across `exec`).
    static func maxResidentKiB() -> Int {
        ownUsage().ru_maxrss
    }

    /// This process's peak resident set in MiB from `/proc/self/status` (VmHWM; unlike
    /// `ru_maxrss` it is not inherited across exec); 0 when unreadable.
    static func highWaterMarkMiB() -> Double {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
              let kb = Double(line.split(separator: " ").dropFirst().first ?? "") else { return 0 }
        return kb / 1024
    }

    /// Runs `executable` with `arguments` and returns its standard output; a non-zero exit
    /// throws, naming the command and showing what it printed.
    @discardableResult
    static func run(_ executable: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let output = String(decoding: data, as: UTF8.self)
        guard process.terminationStatus == 0 else {
            throw ValidationError("\(executable) \(arguments.joined(separator: " ")) exited with \(process.terminationStatus): \(output)")
        }
        return output
    }

    private static func ownUsage() -> rusage {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return usage
    }
}
