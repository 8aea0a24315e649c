/// The extent of a chunk or a shard (the outer chunk) of a cube's `[time, y, x]` arrays: day
/// slots, rows and columns, each between 1 and ``maximumExtent``.
///
/// A value is always a valid extent; whether a shard is a multiple of its chunks is the
/// ``CubeDefinition``'s check. Written `T,Y,X`, e.g. `20,100,100`.
public struct CubeChunkShape: Sendable, Hashable, CustomStringConvertible {
    /// Day slots (the time extent).
    public let time: Int
    /// Rows (the y extent) in pixels.
    public let height: Int
    /// Columns (the x extent) in pixels.
    public let width: Int

    /// The largest extent along any axis; keeps a chunk's element count and shard indexes far
    /// from overflow.
    public static let maximumExtent = 65_536

    /// A shape of `time` day slots (one by default) and `height` × `width` pixels; refuses an
    /// extent outside 1…``maximumExtent`` with ``CubeBuilderError/invalidDefinition(_:)``.
    public init(time: Int = 1, height: Int, width: Int) throws(CubeBuilderError) {
        let range = 1...Self.maximumExtent
        guard range.contains(time) else {
            throw .invalidDefinition("the time extent \(time) of shape \(time),\(height),\(width) must be between 1 and \(Self.maximumExtent) day slots")
        }
        guard range.contains(height), range.contains(width) else {
            throw .invalidDefinition("the y and x extents of shape \(time),\(height),\(width) must be between 1 and \(Self.maximumExtent) pixels")
        }
        self.init(checkedTime: time, height: height, width: width)
    }

    /// A shape from its sizes in array order: `[y, x]` (one day slot) or `[t, y, x]`.
    public init(_ sizes: [Int]) throws(CubeBuilderError) {
        switch sizes.count {
        case 2: try self.init(height: sizes[0], width: sizes[1])
        case 3: try self.init(time: sizes[0], height: sizes[1], width: sizes[2])
        default: throw .invalidDefinition("shape \(sizes) must be two sizes (y, x) or three (t, y, x), each between 1 and \(Self.maximumExtent)")
        }
    }

    /// A shape whose extents are known to be valid (the library's own constants).
    init(checkedTime time: Int, height: Int, width: Int) {
        self.time = time
        self.height = height
        self.width = width
    }

    /// The sizes in the order of the cube's arrays, `[t, y, x]`: ZarrStore's chunk and shard shapes.
    public var sizes: [Int] { [time, height, width] }

    /// Pixels of one day slot, `height × width`.
    public var pixelCount: Int { height * width }

    /// Whether each extent of this shape is a whole multiple of `other`'s, so the shape tiles
    /// into `other`s exactly (a shard into its chunks).
    public func isMultiple(of other: CubeChunkShape) -> Bool {
        time % other.time == 0 && height % other.height == 0 && width % other.width == 0
    }

    /// `T,Y,X`, e.g. `20,100,100` (the form `eocube build --chunk-shape` reads).
    public var description: String { "\(time),\(height),\(width)" }
}

// MARK: - Codable

/// Coded as the `[t, y, x]` number array plan files have always held; decoding validates it.
extension CubeChunkShape: Codable {
    /// Reads `[t, y, x]` (or `[y, x]`, one day slot).
    public init(from decoder: any Decoder) throws {
        let sizes = try decoder.singleValueContainer().decode([Int].self)
        do { try self.init(sizes) } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "\(error)"))
        }
    }

    /// Writes ``sizes``.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(sizes)
    }
}
