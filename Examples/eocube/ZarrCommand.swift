import ArgumentParser
import ZarrStore

/// `eocube zarr`: Inspect, read and re-encode Zarr v3 stores.
struct ZarrCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "zarr", abstract: "Inspect, read and re-encode Zarr v3 stores.",
        discussion: "Arguments beginning with '-' (an array named -x, a store at -dir) go after '--', which ends the options.",
        subcommands: [ZarrListCommand.self, ZarrGetCommand.self, ZarrCopyCommand.self])
}

/// Opens a store given on the command line for reading: a local directory (or `file://`), an http(s) URL
/// (read-only) or `s3://bucket/prefix` (credentials and endpoint from the AWS environment);
/// any other `scheme://` is refused with an error naming it.
func openZarrStorage(_ location: String) throws -> any ZarrReadableStorage {
    try ZarrStoreLocation(parsing: location).openReadableStorage()
}

/// Refuses an output file given as a URL (`s3://…/out.npy`): outputs are written locally only.
func requireLocalOutput(_ path: String, option: String) throws {
    if let scheme = ZarrStoreLocation.scheme(of: path) {
        throw ValidationError("\(option) must be a local file path; '\(path)' is a \(scheme):// URL")
    }
}

/// Parses `0:10,5:20,:` into ranges (an empty side means the start or the end of the dimension).
func parseRegion(_ text: String, shape: [Int]) throws -> [Range<Int>] {
    let parts = text.split(separator: ",", omittingEmptySubsequences: false)
    guard parts.count == shape.count else {
        throw ValidationError("--region has \(parts.count) dimensions, the array \(shape.count)")
    }
    return try zip(parts, shape).map { part, extent in
        let bounds = part.split(separator: ":", omittingEmptySubsequences: false)
        if bounds.count == 1, let i = Int(bounds[0]) {
            guard i < Int.max else { throw ValidationError("'\(part)' is past the end of any array") }
            return i..<(i + 1)
        }
        guard bounds.count == 2 else { throw ValidationError("'\(part)' is not START:END") }
        let lo = bounds[0].isEmpty ? 0 : Int(bounds[0]), hi = bounds[1].isEmpty ? extent : Int(bounds[1])
        guard let lo, let hi, lo <= hi else { throw ValidationError("'\(part)' is not START:END") }
        return lo..<hi
    }
}

/// Parses a comma-separated list of positive integers (`1,512,512`).
func parseShape(_ text: String) throws -> [Int] {
    try text.split(separator: ",").map {
        guard let i = Int($0.trimmingCharacters(in: .whitespaces)), i > 0 else { throw ValidationError("'\(text)' is not a list of positive integers") }
        return i
    }
}

import Foundation
