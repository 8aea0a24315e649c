import Foundation
import InteropSupport
import Testing
@testable import ZarrStore

/// Every `fill_value` encoding of the spec, read by zarr-python and by us from the same documents.
@Suite(.enabled(if: InteropFixtures.enabled, "needs the interop venv (zarr-python)"))
struct FillValueTests {
    /// (data type, fill_value JSON) pairs covering numbers, "NaN", "±Infinity", hex bit patterns and complex pairs.
    static let cases: [(ZarrDataType, String)] = [
        (.bool, "true"), (.int8, "-128"), (.int16, "-9999"), (.int32, "2147483647"), (.int64, "-9223372036854775808"),
        (.uint8, "255"), (.uint16, "65535"), (.uint32, "4294967295"), (.uint64, "18446744073709551615"),
        (.float16, "\"NaN\""), (.float16, "\"-Infinity\""), (.float16, "\"0x3c00\""), (.float16, "0.5"),
        (.float32, "\"Infinity\""), (.float32, "\"0x7fc00001\""), (.float32, "-1.25e-3"), (.float32, "3"),
        (.float64, "\"NaN\""), (.float64, "\"0x7ff8000000000001\""), (.float64, "1e300"), (.float64, "-0.0"),
        (.complex64, "[\"NaN\", \"-Infinity\"]"), (.complex64, "[1.5, \"0x40000000\"]"),
        (.complex128, "[0.25, -2]"), (.complex128, "[\"Infinity\", \"0x7ff8000000000000\"]"),
    ]

    @Test func everyFillValueEncodingReadsLikeZarrPython() async throws {
        let directory = try Interop.temporaryDirectory("zarr-fill")
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = directory.appendingPathComponent("store.zarr").path
        let bins = directory.appendingPathComponent("bins")
        try FileManager.default.createDirectory(at: bins, withIntermediateDirectories: true)
        let storage = try FileSystemStorage(path: store, create: true)
        _ = try await ZarrGroup.create(storage)
        for (n, (dataType, fill)) in Self.cases.enumerated() {
            let document = #"{"zarr_format":3,"node_type":"array","shape":[3],"data_type":"\#(dataType.rawValue)","chunk_grid":{"name":"regular","configuration":{"chunk_shape":[2]}},"chunk_key_encoding":{"name":"default","configuration":{"separator":"/"}},"fill_value":\#(fill),"codecs":[{"name":"bytes","configuration":{"endian":"little"}}],"attributes":{}}"#
            try storage.set("a\(n)/zarr.json", Array(document.utf8))
        }
        try Interop.runPython(["zarr_fill_values.py", store, bins.path])
        for (n, (dataType, fill)) in Self.cases.enumerated() {
            let array = try await ZarrArray.open(storage, path: "a\(n)")
            let ours = try await array.readBytes()
            let theirs = [UInt8](try Data(contentsOf: bins.appendingPathComponent("a\(n).bin")))
            #expect(ours == theirs, "\(dataType.rawValue) fill \(fill)")
            // Re-serialising keeps the exact element bits.
            let reparsed = try ZarrArrayMetadata.parse(JSONValue.parse(array.metadata.json.serialized()), key: "again")
            #expect(try reparsed.fillValue.elementBytes(for: dataType) == array.metadata.fillValue.elementBytes(for: dataType), "\(fill)")
        }
    }

    @Test func fillValuesThatDoNotFitTheTypeAreRejected() throws {
        // (bool 0/1 are accepted, as zarr-python reads what zarrita writes; 2 stays ambiguous.)
        for (dataType, fill) in [(ZarrDataType.int8, "128"), (.uint8, "-1"), (.bool, "2"), (.float32, "\"0x7ff8000000000000\""),
                                 (.complex64, "1.0"), (.int16, "\"NaN\""), (.float64, "\"nan\"")] {
            let json = try JSONValue.parse(Array(fill.utf8))
            #expect(throws: ZarrError.invalidMetadata(key: "k", reason: "fill_value \(fill) is not valid for data type \(dataType.rawValue)")) {
                try ZarrFillValue.decode(json, dataType: dataType, key: "k")
            }
        }
    }
}

/// Typed access and array resizing.
struct TypedAccessTests {
    private func roundTrip<T: ZarrElement & Equatable>(_ values: [T]) async throws {
        let storage = MemoryStorage()
        let array = try await ZarrArray.create(storage, path: "a", definition: .init(dataType: T.zarrDataType, shape: [values.count], chunkShape: [3],
                                                                                    compressors: [.blosc(.init())]))
        try await array.write(values)
        #expect(try await array.read(T.self) == values, "\(T.self)")
    }

    @Test func everyElementTypeRoundTrips() async throws {
        try await roundTrip([true, false, true, true, false])
        try await roundTrip([Int8.min, 0, Int8.max, -1, 5])
        try await roundTrip([Int16.min, 0, Int16.max, -9999, 5])
        try await roundTrip([Int32.min, 0, Int32.max, -1, 5])
        try await roundTrip([Int64.min, 0, Int64.max, -1, 5])
        try await roundTrip([UInt8.max, 0, 7, 1, 5])
        try await roundTrip([UInt16.max, 0, 7, 1, 5])
        try await roundTrip([UInt32.max, 0, 7, 1, 5])
        try await roundTrip([UInt64.max, 0, 7, 1, 5])
        try await roundTrip([Float16(1.5), -2, .infinity, 0, 65504])
        try await roundTrip([Float(1.5), -2, .infinity, 0, .greatestFiniteMagnitude])
        try await roundTrip([1.5, -2, .infinity, 0, Double.leastNonzeroMagnitude])
        try await roundTrip([ZarrComplex64(real: 1, imaginary: -1), ZarrComplex64(real: 0, imaginary: 2)])
        try await roundTrip([ZarrComplex128(real: 1, imaginary: -1), ZarrComplex128(real: .infinity, imaginary: 2)])
    }

    @Test func resizeDeletesChunksOutsideAndGrowingShowsFill() async throws {
        let storage = MemoryStorage()
        var array = try await ZarrArray.create(storage, path: "a", definition: .init(dataType: .int32, shape: [10], chunkShape: [3], fillValue: .int(-1)))
        try await array.write((0..<10).map { Int32($0) })
        try await array.resize(to: [4])
        #expect(storage.allKeys.filter { $0.hasPrefix("a/c/") } == ["a/c/0", "a/c/1"])
        #expect(try await array.read(Int32.self) == [0, 1, 2, 3])
        try await array.resize(to: [8])
        // Like zarr-python: the partly kept chunk still holds 4 and 5; wholly removed chunks read as fill.
        #expect(try await array.read(Int32.self) == [0, 1, 2, 3, 4, 5, -1, -1])
        let reopened = try await ZarrArray.open(storage, path: "a")
        #expect(reopened.shape == [8])
    }
}
