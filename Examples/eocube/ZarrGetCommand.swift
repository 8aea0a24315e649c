import ArgumentParser
import Foundation
import ZarrStore

/// `eocube zarr get STORE ARRAY [--region …] --npy OUT.npy`: read a region into a NumPy file.
struct ZarrGetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "get", abstract: "Read a region of an array into a .npy file.")

    @Argument(help: "Store: directory, http(s) URL or s3://bucket/prefix.") var store: String
    @Argument(help: "Array path within the store, e.g. s1sig0/EU/VV. A path beginning with '-' goes after '--' (eocube zarr get STORE --npy OUT.npy -- -name).") var array: String
    @Option(help: "Region as START:END per dimension, comma-separated (e.g. 0:10,5:20,:). Default: everything.") var region: String?
    @Option(help: "Output .npy file.") var npy: String

    func run() async throws {
        try requireLocalOutput(npy, option: "--npy")
        let storage = try openZarrStorage(store)
        let zarrArray = try await ZarrArray.open(storage, path: array)
        let ranges = try region.map { try parseRegion($0, shape: zarrArray.shape) } ?? zarrArray.fullRegion
        let bytes = try await zarrArray.readBytes(region: ranges)
        try NumpyFile.write(bytes, descriptor: NumpyFile.descriptor(for: zarrArray.dataType), shape: ranges.map(\.count), to: npy)
        print("wrote \(npy): \(zarrArray.dataType.rawValue) \(ranges.map(\.count))")
    }
}
