import CPOSIX
import Foundation
import ZarrStore

/// Reads a cube laid out as CUBE_LAYOUT.md describes, from any store ZarrStore can open: one
/// pixel's or one rectangle's history, or one day of a rectangle, decoded with each band's
/// `scale_factor`, `add_offset` and fill value, with time as dates.
///
/// The reader works with any chunking: one-day chunks as `eocube build` writes them, or the
/// 20-day shards of the notebook workflow (where a pixel's history is a few chunk reads).
///
/// ```swift
/// let reader = try await CubeReader.open(try FileSystemStorage(path: "cube.zarr", readOnly: true), group: "s1sig0/EU")
/// let series = try await reader.series(longitude: 16.37, latitude: 48.21, bands: ["VV"])
/// for (day, vv) in zip(series.days, series.values["VV"]!) { print(day, vv ?? .nan) }
/// ```
public struct CubeReader: Sendable {
    /// The cube group's path in the store.
    public let groupPath: String
    /// The cube's pixel grid (from `spatial_ref`'s GeoTransform and the arrays' shape).
    public let grid: CubeGrid
    /// The band arrays, in the order the cube lists them.
    public let bands: [String]
    /// The length of the time axis (day slots 0..<timeLength).
    public let timeLength: Int
    let arrays: [String: ZarrArray]
    let decodings: [String: BandDecoding]

    /// How raw values of a band become physical ones.
    struct BandDecoding: Sendable {
        var scale: Double
        var offset: Double
        var fill: Double?

        func decode(_ raw: Double) -> Double? {
            if let fill, raw == fill || (fill.isNaN && raw.isNaN) { return nil }
            return raw * scale + offset
        }
    }

    /// Opens the cube group `group` of `storage`, any readable store (a directory, S3, HTTP; a
    /// reader never writes); a group that is not a cube (no `spatial_ref` GeoTransform, no
    /// `sensing_date`, no band) is a ``CubeBuilderError/store(path:reason:cause:)``.
    public static func open(_ storage: any ZarrReadableStorage, group: String) async throws(CubeBuilderError) -> CubeReader {
        let cube: ZarrGroup
        do { cube = try await ZarrGroup.open(storage, path: group) } catch {
            throw .store(path: group, reason: "no cube group '\(group)' in the store", cause: .wrapping(error))
        }
        var arrays: [String: ZarrArray] = [:]
        for name in ["spatial_ref"] + CubeDefinition.metadataArrayNames {
            do { arrays[name] = try await cube.openArray(name) } catch {
                throw .store(path: group, reason: "the group has no usable array '\(name)' (is it a cube written as CUBE_LAYOUT.md describes?)", cause: .wrapping(error))
            }
        }
        let listed = cube.attributes["eocube"]?["bands"]?.arrayValue?.compactMap(\.stringValue)
        var bands: [String] = []
        if let listed {
            bands = listed
        } else {
            // Stores written by other tools: every [time, y, x] array that is not provenance.
            let children: [ZarrChildInfo]
            do { children = try await cube.children() } catch { throw .store(path: group, reason: "cannot list the group", cause: .wrapping(error)) }
            bands = children.map(\.name).filter { !CubeDefinition.metadataArrayNames.contains($0) && !["x", "y", "time", "spatial_ref"].contains($0) }.sorted()
        }
        var decodings: [String: BandDecoding] = [:]
        for name in bands {
            let array: ZarrArray
            do { array = try await cube.openArray(name) } catch { throw .store(path: group, reason: "band array '\(name)' cannot be opened", cause: .wrapping(error)) }
            guard array.shape.count == 3 else { continue }
            arrays[name] = array
            decodings[name] = BandDecoding(scale: array.attributes["scale_factor"]?.doubleValue ?? 1,
                                           offset: array.attributes["add_offset"]?.doubleValue ?? 0,
                                           fill: Self.maskValue(of: array))
        }
        bands = bands.filter { arrays[$0] != nil }
        guard let sensing = arrays["sensing_date"], sensing.shape.count == 3, !bands.isEmpty else {
            throw .store(path: group, reason: "the group holds no [time, y, x] band arrays beside sensing_date")
        }
        let transform = arrays["spatial_ref"]?.attributes["GeoTransform"]?.stringValue?.split(separator: " ").compactMap { Double($0) } ?? []
        guard transform.count == 6, transform[2] == 0, transform[4] == 0, transform[1] > 0, transform[5] == -transform[1] else {
            throw .store(path: group, reason: "spatial_ref has no north-up GeoTransform with square pixels")
        }
        let epsg = cube.attributes["eocube"]?["epsg"]?.intValue ?? Self.epsg(inWKT: arrays["spatial_ref"]?.attributes["crs_wkt"]?.stringValue)
        let crs = CubeCRS(epsg: epsg ?? 0, wkt2: arrays["spatial_ref"]?.attributes["crs_wkt"]?.stringValue ?? "")
        var grid = CubeGrid(crs: crs, minX: transform[0], maxY: transform[3], pixelSize: transform[1],
                            width: sensing.shape[2], height: sensing.shape[1])
        // The Equi7 tiles the builder recorded, when they make exactly this grid.
        let tileNames = cube.attributes["eocube"]?["tiles"]?.arrayValue?.compactMap(\.stringValue) ?? []
        if !tileNames.isEmpty, let tiles = try? tileNames.map({ (name) throws(CubeBuilderError) in try Equi7Tile(name) }),
           let tiled = try? CubeGrid(tiles: tiles), tiled.geoTransformText == grid.geoTransformText,
           tiled.width == grid.width, tiled.height == grid.height, tiled.crs.epsg == grid.crs.epsg {
            grid = tiled
        }
        return CubeReader(groupPath: group, grid: grid, bands: bands, timeLength: sensing.shape[0], arrays: arrays, decodings: decodings)
    }

    /// The value xarray masks: `_FillValue` when the attributes give it (a number, or base64 of a
    /// little-endian float64 as xarray writes it for floating-point Zarr v3 arrays), else the
    /// array's `fill_value`.
    private static func maskValue(of array: ZarrArray) -> Double? {
        switch array.attributes["_FillValue"] {
        case .some(let value) where value.doubleValue != nil: return value.doubleValue
        case .some(let value):
            if let text = value.stringValue, let data = Data(base64Encoded: text), data.count == 8 {
                return Double(bitPattern: UInt64(littleEndian: data.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }))
            }
            return array.metadata.fillValue.doubleValue
        case .none: return array.metadata.fillValue.doubleValue
        }
    }

    /// The EPSG code a WKT names last (the CRS's own `ID`), if any.
    private static func epsg(inWKT wkt: String?) -> Int? {
        guard let wkt, let range = wkt.range(of: "ID[\"EPSG\",", options: .backwards) else { return nil }
        return Int(wkt[range.upperBound...].prefix { $0.isNumber })
    }

    // MARK: Locating pixels

    /// The pixel holding the point (`x`, `y`) of the cube's CRS; an error outside the grid.
    public func pixel(x: Double, y: Double) throws(CubeBuilderError) -> (column: Int, row: Int) {
        // Checked as Doubles first: converting NaN or a huge value to Int traps.
        let column = ((x - grid.minX) / grid.pixelSize).rounded(.down), row = ((grid.maxY - y) / grid.pixelSize).rounded(.down)
        guard column >= 0, column < Double(grid.width), row >= 0, row < Double(grid.height) else {
            throw .invalidDefinition("the point x \(x), y \(y) lies outside the cube (x \(grid.minX)…\(grid.minX + Double(grid.width) * grid.pixelSize), y \(grid.maxY - Double(grid.height) * grid.pixelSize)…\(grid.maxY))")
        }
        return (Int(column), Int(row))
    }

    /// The pixel holding a WGS 84 longitude and latitude (degrees); the cube must be on an
    /// Equi7Grid continent's projection.
    public func pixel(longitude: Double, latitude: Double) throws(CubeBuilderError) -> (column: Int, row: Int) {
        guard let continent = Equi7Continent(epsg: grid.crs.epsg) else {
            throw .invalidDefinition("the cube's CRS (EPSG:\(grid.crs.epsg)) is not an Equi7Grid projection; give x and y in its own coordinates")
        }
        guard let point = AzimuthalEquidistant(continent).project(longitude: longitude, latitude: latitude) else {
            throw .invalidDefinition("longitude \(longitude), latitude \(latitude) cannot be projected to EPSG:\(grid.crs.epsg)")
        }
        return try pixel(x: point.x, y: point.y)
    }

    // MARK: Reading

    /// One pixel's history over `days` (all by default), for `bands` (all by default).
    public func series(column: Int, row: Int, bands: [String]? = nil, days: Range<Int>? = nil) async throws(CubeBuilderError) -> CubeSeries {
        let window = CubeWindow(row: row, column: column, height: 1, width: 1)
        guard window.intersection(grid.bounds) == window else { throw .invalidDefinition("pixel column \(column), row \(row) lies outside the cube (\(grid.bounds))") }
        let names = try checkedBands(bands)
        let span = filledSpan(checkedDays(days))
        let region = [span, row..<(row + 1), column..<(column + 1)]
        let sensing: [Int64] = try await read("sensing_date", region: region)
        let filled = sensing.indices.filter { sensing[$0] != CubeDefinition.metadataFill }
        let absolute: [Int32] = try await read("absolute_orbit_number", region: region)
        let relative: [Int16] = try await read("relative_orbit_number", region: region)
        var values: [String: [Double?]] = [:]
        for name in names {
            let raw = try await doubles(name, region: region)
            let decoding = decodings[name]
            values[name] = filled.map { decoding?.decode(raw[$0]) }
        }
        return CubeSeries(column: column, row: row, days: filled.map { DaySlot(index: span.lowerBound + $0) },
                          sensingDates: filled.map { DaySlot.origin.addingTimeInterval(Double(sensing[$0])) },
                          absoluteOrbits: filled.map { absolute[$0] == Int32(CubeDefinition.metadataFill) ? nil : absolute[$0] },
                          relativeOrbits: filled.map { relative[$0] == Int16(CubeDefinition.metadataFill) ? nil : relative[$0] },
                          values: values, bands: names)
    }

    /// The history of the pixel holding (`x`, `y`) in the cube's CRS.
    public func series(x: Double, y: Double, bands: [String]? = nil, days: Range<Int>? = nil) async throws(CubeBuilderError) -> CubeSeries {
        let pixel = try pixel(x: x, y: y)
        return try await series(column: pixel.column, row: pixel.row, bands: bands, days: days)
    }

    /// The history of the pixel holding a WGS 84 longitude and latitude.
    public func series(longitude: Double, latitude: Double, bands: [String]? = nil, days: Range<Int>? = nil) async throws(CubeBuilderError) -> CubeSeries {
        let pixel = try pixel(longitude: longitude, latitude: latitude)
        return try await series(column: pixel.column, row: pixel.row, bands: bands, days: days)
    }

    /// A rectangle's history over `days`: the day slots on which any of its pixels holds data
    /// (``CubePatchSeries/mean(of:)`` reduces each day to its mean).
    public func series(window: CubeWindow, bands: [String]? = nil, days: Range<Int>? = nil) async throws(CubeBuilderError) -> CubePatchSeries {
        guard !window.isEmpty, window.intersection(grid.bounds) == window else { throw .invalidDefinition("window \(window) lies outside the cube (\(grid.bounds))") }
        let names = try checkedBands(bands)
        let span = filledSpan(checkedDays(days))
        let region = [span, window.row..<window.endRow, window.column..<window.endColumn]
        let pixels = window.pixelCount
        let sensing: [Int64] = try await read("sensing_date", region: region)
        let filled = (0..<span.count).filter { day in sensing[(day * pixels)..<((day + 1) * pixels)].contains { $0 != CubeDefinition.metadataFill } }
        var values: [String: [Double]] = [:]
        for name in names {
            let raw = try await doubles(name, region: region)
            // The decoding looked up once, not per value (hashing the name cost more than the decoding).
            let decoding = decodings[name]
            var decoded: [Double] = []
            decoded.reserveCapacity(filled.count * pixels)
            for day in filled {
                for value in raw[(day * pixels)..<((day + 1) * pixels)] { decoded.append(decoding?.decode(value) ?? .nan) }
            }
            values[name] = decoded
        }
        return CubePatchSeries(window: window, days: filled.map { DaySlot(index: span.lowerBound + $0) }, values: values, bands: names)
    }

    /// The day slot holding `date` (UTC), of a rectangle (the whole grid by default).
    public func slice(date: Date, window: CubeWindow? = nil, bands: [String]? = nil) async throws(CubeBuilderError) -> CubeSlice {
        try await slice(day: DaySlot(date), window: window, bands: bands)
    }

    /// One day of a rectangle (the whole grid by default).
    public func slice(day: DaySlot, window: CubeWindow? = nil, bands: [String]? = nil) async throws(CubeBuilderError) -> CubeSlice {
        let window = window ?? grid.bounds
        guard !window.isEmpty, window.intersection(grid.bounds) == window else { throw .invalidDefinition("window \(window) lies outside the cube (\(grid.bounds))") }
        guard (0..<timeLength).contains(day.index) else {
            throw .invalidDefinition("day \(day) is outside the cube's time axis (\(DaySlot(index: 0))…\(DaySlot(index: max(0, timeLength - 1))))")
        }
        let names = try checkedBands(bands)
        let region = [day.index..<(day.index + 1), window.row..<window.endRow, window.column..<window.endColumn]
        let sensing: [Int64] = try await read("sensing_date", region: region)
        var values: [String: [Double]] = [:]
        for name in names { values[name] = try await decodedValues(name, region: region) }
        let dates = [Date?](unsafeUninitializedCapacity: sensing.count) { buffer, initialized in
            eocube_advise_huge_pages(buffer.baseAddress, sensing.count * MemoryLayout<Date?>.stride)
            for (i, seconds) in sensing.enumerated() {
                buffer.initializeElement(at: i, to: seconds == CubeDefinition.metadataFill ? nil : DaySlot.origin.addingTimeInterval(Double(seconds)))
            }
            initialized = sensing.count
        }
        return CubeSlice(day: day, window: window, values: values, sensingDates: dates)
    }

    // MARK: Where data is

    /// The day slots holding data, from the store's `sensing_date` chunk (or shard) files: every
    /// day of a time chunk that holds any; nil when the store cannot list its keys.
    public func daysWithData() -> [DaySlot]? {
        guard let step = arrays["sensing_date"]?.metadata.chunkShape[0], let chunks = sensingChunkIndices(under: "") else { return nil }
        return chunks.sorted().flatMap { chunk in (chunk * step)..<min(timeLength, (chunk + 1) * step) }.map(DaySlot.init(index:))
    }

    /// The rows of the grid whose `sensing_date` chunk (or shard) files hold anything on `day`;
    /// nil when the store cannot list its keys.
    func rowsWithData(day: DaySlot) -> [Range<Int>]? {
        guard let shape = arrays["sensing_date"]?.metadata.chunkShape,
              let chunks = sensingChunkIndices(under: "\(day.index / shape[0])/") else { return nil }
        return chunks.map { ($0 * shape[1])..<(($0 + 1) * shape[1]) }
    }

    /// The part of `span` between the first and the last time chunk (or shard) of `sensing_date`
    /// that has a file: outside it no pixel holds data, so a series need not read it. An archive
    /// starting years after the 2014-10-01 epoch otherwise costs every reader a pass over
    /// thousands of empty day slots (3,896 of 4,131 on the benchmark cube). `span` itself when
    /// the store cannot list its keys.
    /// Only keys as `c/<t>/…` (the default encoding with `/`) are trusted; an empty listing
    /// reads the whole span too (cheap when the cube is empty, right when keys live elsewhere).
    private func filledSpan(_ span: Range<Int>) -> Range<Int> {
        guard let metadata = arrays["sensing_date"]?.metadata, metadata.chunkKeyEncoding == .default(separator: .slash),
              let chunks = sensingChunkIndices(under: ""), let first = chunks.min(), let last = chunks.max() else { return span }
        let step = metadata.chunkShape[0]
        return span.clamped(to: (first * step)..<min(timeLength, (last + 1) * step))
    }

    /// The chunk indices listed under `c/<prefix>` of `sensing_date` (default chunk key encoding;
    /// an index counts outer chunks, i.e. shards when sharded); nil when the store cannot list.
    private func sensingChunkIndices(under prefix: String) -> [Int]? {
        guard let sensing = arrays["sensing_date"], let listable = sensing.storage as? any ZarrListableStorage,
              let listing = try? listable.listDirectory(sensing.path + "/c/" + prefix) else { return nil }
        return listing.prefixes.compactMap { Int($0.trimmingCharacters(in: CharacterSet(charactersIn: "/"))) }
    }

    // MARK: Helpers

    /// The attributes of an array of the cube (empty when there is no such array).
    func attributes(of name: String) -> [String: JSONValue] { arrays[name]?.attributes ?? [:] }

    /// A band's values over `region`, decoded; NaN where it holds its fill value.
    func decodedValues(_ name: String, region: [Range<Int>]) async throws(CubeBuilderError) -> [Double] {
        // In place, with the decoding looked up once: a per-value dictionary lookup (hashing the
        // band's name) took 38 % of a whole-day read, a second array as much again in page faults.
        var values = try await doubles(name, region: region)
        let decoding = decodings[name]
        values.withUnsafeMutableBufferPointer { buffer in
            for i in buffer.indices { buffer[i] = decoding?.decode(buffer[i]) ?? .nan }
        }
        return values
    }

    func checkedBands(_ asked: [String]?) throws(CubeBuilderError) -> [String] {
        guard let asked else { return bands }
        for name in asked where !bands.contains(name) {
            throw .invalidDefinition("the cube has no band '\(name)' (it has \(bands.joined(separator: ", ")))")
        }
        return asked
    }

    /// `days` within the time axis (all of it when nil).
    private func checkedDays(_ days: Range<Int>?) -> Range<Int> {
        days?.clamped(to: 0..<timeLength) ?? 0..<timeLength
    }

    private func read<T: ZarrElement>(_ name: String, region: [Range<Int>]) async throws(CubeBuilderError) -> [T] {
        guard let array = arrays[name] else { throw .store(path: groupPath, reason: "array '\(name)' missing") }
        do { return try await array.read(T.self, region: region) } catch {
            throw .store(path: groupPath + "/" + name, reason: "cannot read \(region)", cause: .wrapping(error))
        }
    }

    /// `raw` widened to Doubles in a buffer advised to use huge pages (see CPOSIX): a day's band
    /// is tens of MB allocated afresh per read, and faulting it in 4 KiB pages took a third of
    /// a whole-extent read's CPU.
    @inline(__always)
    private static func widened<T>(_ raw: [T], _ widen: (T) -> Double) -> [Double] {
        [Double](unsafeUninitializedCapacity: raw.count) { buffer, initialized in
            eocube_advise_huge_pages(buffer.baseAddress, raw.count * MemoryLayout<Double>.stride)
            raw.withUnsafeBufferPointer { source in
                for i in source.indices { buffer.initializeElement(at: i, to: widen(source[i])) }
            }
            initialized = raw.count
        }
    }

    /// A band's raw values over `region` as Doubles, whatever its data type.
    private func doubles(_ name: String, region: [Range<Int>]) async throws(CubeBuilderError) -> [Double] {
        guard let array = arrays[name] else { throw .store(path: groupPath, reason: "array '\(name)' missing") }
        switch array.dataType {
        case .int8: return Self.widened(try await read(name, region: region) as [Int8]) { Double($0) }
        case .int16: return Self.widened(try await read(name, region: region) as [Int16]) { Double($0) }
        case .int32: return Self.widened(try await read(name, region: region) as [Int32]) { Double($0) }
        case .int64: return Self.widened(try await read(name, region: region) as [Int64]) { Double($0) }
        case .uint8: return Self.widened(try await read(name, region: region) as [UInt8]) { Double($0) }
        case .uint16: return Self.widened(try await read(name, region: region) as [UInt16]) { Double($0) }
        case .uint32: return Self.widened(try await read(name, region: region) as [UInt32]) { Double($0) }
        case .uint64: return Self.widened(try await read(name, region: region) as [UInt64]) { Double($0) }
        case .float16: return Self.widened(try await read(name, region: region) as [Float16]) { Double($0) }
        case .float32: return Self.widened(try await read(name, region: region) as [Float]) { Double($0) }
        case .float64: return try await read(name, region: region)
        case .bool, .complex64, .complex128:
            throw .store(path: groupPath + "/" + name, reason: "band data type \(array.dataType) is not a number the reader decodes")
        }
    }
}
