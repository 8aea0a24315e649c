import ArgumentParser
import Foundation
import STACClient

/// `eocube stac`: Search STAC APIs and static catalogs.
struct STACCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stac", abstract: "Search STAC APIs and static catalogs.",
        subcommands: [STACSearchCommand.self, STACReadCommand.self, STACCollectionsCommand.self, STACDescribeCommand.self])
}

/// Options shared by the `eocube stac` subcommands: HTTP behaviour.
struct STACHTTPOptions: ParsableArguments {
    @Option(name: .long, help: "Request timeout in seconds.")
    var timeout: Double = 60

    @Option(name: .long, help: "Attempts per request (retries on 429/5xx/timeouts); 1 disables retrying.")
    var attempts: Int = 4

    @Option(name: .customLong("header"), help: "Extra HTTP header 'Name: value' (repeatable).")
    var headers: [String] = []

    func configuration() throws -> STACClientConfiguration {
        var extra: [String: String] = [:]
        for h in headers {
            guard let colon = h.firstIndex(of: ":") else { throw ValidationError("--header needs 'Name: value', got '\(h)'") }
            extra[String(h[..<colon]).trimmingCharacters(in: .whitespaces)] =
                String(h[h.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
        }
        // Checked before converting: Int(_:) traps on NaN, infinity and out-of-range values.
        guard timeout.isFinite, timeout > 0, timeout <= 86_400 else {
            throw ValidationError("--timeout must be a number of seconds between 0 and 86400, got \(timeout)")
        }
        return STACClientConfiguration(timeout: .milliseconds(Int(timeout * 1000)), maxAttempts: attempts, headers: extra)
    }
}

/// Writes bytes to standard output.
enum StandardOutput {
    static func write(_ bytes: [UInt8]) {
        FileHandle.standardOutput.write(Data(bytes))
    }
}

/// Runs a `stac` subcommand's work; a STAC failure is written to standard error as one line in a
/// single write (ArgumentParser's own error printing writes a few bytes per call) and ends the
/// process with status 1. Messages are already cut to a few hundred characters (``STACError``).
func reportingSTACFailures(_ body: () async throws -> Void) async throws {
    do { try await body() } catch let error as STACError {
        FileHandle.standardError.write(Data("Error: \(error)\n".utf8))
        throw ExitCode.failure
    }
}
