import ArgumentParser
import EOCubeBuilder

/// `eocube build --chunk-shape` / `--shard-shape` text: `T,Y,X` (day slots, rows, columns) or
/// `Y,X` (the day slots left to ``cubeShape(time:)``), every number positive; `--shard-shape`
/// also takes `none` (``ShardShapeOption``).
struct ShapeOption: ExpressibleByArgument, Hashable, CustomStringConvertible {
    /// Day slots, nil when the text gave only `Y,X`.
    let time: Int?
    /// Rows in pixels.
    let height: Int
    /// Columns in pixels.
    let width: Int

    /// The text form of a library shape: `T,Y,X`, or only its `Y,X` when `keepingTime` is false
    /// (a default shard then spans the chunk's day slots, whatever they are).
    init(_ shape: CubeChunkShape, keepingTime: Bool = true) {
        self.time = keepingTime ? shape.time : nil
        self.height = shape.height
        self.width = shape.width
    }

    /// Parses `T,Y,X` or `Y,X`; nil for anything else (ArgumentParser then names the option and
    /// shows its help). Upper bounds are the library's check (``cubeShape(time:)``).
    init?(argument text: String) {
        let numbers = text.split(separator: ",", omittingEmptySubsequences: false).map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard numbers.count == 2 || numbers.count == 3, numbers.allSatisfy({ ($0 ?? 0) > 0 }) else { return nil }
        let sizes = numbers.compactMap { $0 }
        self.time = sizes.count == 3 ? sizes[0] : nil
        self.height = sizes[sizes.count - 2]
        self.width = sizes[sizes.count - 1]
    }

    /// The library shape, with `time` day slots when the text gave none; refuses extents the
    /// library does not (above ``CubeChunkShape/maximumExtent``) with its message.
    func cubeShape(time defaultTime: Int = 1) throws(CubeBuilderError) -> CubeChunkShape {
        try CubeChunkShape(time: time ?? defaultTime, height: height, width: width)
    }

    /// `T,Y,X`, or `Y,X` as given.
    var description: String { time.map { "\($0),\(height),\(width)" } ?? "\(height),\(width)" }
}

/// `--shard-shape`: a ``ShapeOption`` or `none` (no sharding).
struct ShardShapeOption: ExpressibleByArgument, Hashable, CustomStringConvertible {
    /// The shard shape, nil for `none`.
    let shape: ShapeOption?

    /// A shard shape, or nil for none.
    init(_ shape: ShapeOption?) { self.shape = shape }

    /// Parses `none` (any case) or what ``ShapeOption`` reads.
    init?(argument text: String) {
        if text.trimmingCharacters(in: .whitespaces).lowercased() == "none" {
            self.shape = nil
        } else {
            guard let shape = ShapeOption(argument: text) else { return nil }
            self.shape = shape
        }
    }

    /// The shape's text, or `none`.
    var description: String { shape?.description ?? "none" }
}
