import CPNG

/// An 8-bit RGBA picture, rows top to bottom, written as PNG through libpng.
public struct RGBAImage: Sendable, Hashable {
    /// Width in pixels.
    public let width: Int
    /// Height in pixels.
    public let height: Int
    /// `width × height × 4` bytes: red, green, blue, alpha per pixel.
    public var pixels: [UInt8]

    /// A picture of one colour (transparent by default).
    public init(width: Int, height: Int, fill: RGBAColor = .transparent) {
        self.width = width
        self.height = height
        pixels = [UInt8](unsafeUninitializedCapacity: width * height * 4) { buffer, count in
            for i in 0..<(width * height) {
                buffer[i * 4] = fill.red
                buffer[i * 4 + 1] = fill.green
                buffer[i * 4 + 2] = fill.blue
                buffer[i * 4 + 3] = fill.alpha
            }
            count = width * height * 4
        }
    }

    /// The colour of pixel (`x`, `y`).
    public subscript(x: Int, y: Int) -> RGBAColor {
        get {
            let i = (y * width + x) * 4
            return RGBAColor(red: pixels[i], green: pixels[i + 1], blue: pixels[i + 2], alpha: pixels[i + 3])
        }
        set {
            guard x >= 0, y >= 0, x < width, y < height else { return }
            let i = (y * width + x) * 4
            (pixels[i], pixels[i + 1], pixels[i + 2], pixels[i + 3]) = (newValue.red, newValue.green, newValue.blue, newValue.alpha)
        }
    }

    /// Writes the picture as a PNG file; an unwritable path is a ``CubeBuilderError/store(path:reason:cause:)``.
    public func writePNG(to path: String) throws(CubeBuilderError) {
        guard width > 0, height > 0 else { throw .invalidDefinition("an empty picture cannot be written to \(path)") }
        var message = [CChar](repeating: 0, count: 512)
        let status = pixels.withUnsafeBufferPointer { rgba in
            eocube_png_write_rgba(path, UInt32(width), UInt32(height), rgba.baseAddress, &message, message.count)
        }
        guard status == 0 else {
            throw .store(path: path, reason: "cannot write the PNG: \(String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))")
        }
    }
}

/// One 8-bit RGBA colour.
public struct RGBAColor: Sendable, Hashable {
    /// Red, green, blue and alpha (0 = transparent).
    public var red: UInt8, green: UInt8, blue: UInt8, alpha: UInt8

    /// A colour from its four channels.
    public init(red: UInt8, green: UInt8, blue: UInt8, alpha: UInt8 = 255) {
        (self.red, self.green, self.blue, self.alpha) = (red, green, blue, alpha)
    }

    /// Fully transparent black.
    public static let transparent = RGBAColor(red: 0, green: 0, blue: 0, alpha: 0)
    /// Opaque white.
    public static let white = RGBAColor(red: 255, green: 255, blue: 255)
    /// Opaque black.
    public static let black = RGBAColor(red: 0, green: 0, blue: 0)
}
