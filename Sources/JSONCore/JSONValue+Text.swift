// MARK: - Parsing and writing text

extension JSONValue {
    /// Parses one JSON document from UTF-8 bytes (a leading byte-order mark is skipped).
    ///
    /// - Throws: ``JSONParseError`` naming the byte offset of the first problem.
    public init(parsing bytes: some Collection<UInt8>, options: JSONParsingOptions = .strict) throws(JSONParseError) {
        func run(_ buffer: UnsafeBufferPointer<UInt8>) -> Result<JSONValue, JSONParseError> {
            var parser = JSONParser(buffer, options: options)
            do { return .success(try parser.parseDocument()) } catch { return .failure(error) }
        }
        let result = bytes.withContiguousStorageIfAvailable(run) ?? Array(bytes).withUnsafeBufferPointer(run)
        self = try result.get()
    }

    /// Parses one JSON document from a string.
    public init(parsing text: String, options: JSONParsingOptions = .strict) throws(JSONParseError) {
        try self.init(parsing: Array(text.utf8), options: options)
    }

    /// The UTF-8 JSON text of this value, members in their stored order.
    public func jsonBytes(options: JSONWritingOptions) -> [UInt8] {
        var writer = JSONWriter(options: options)
        writer.write(self)
        if options.trailingNewline { writer.bytes.append(0x0A) }
        return writer.bytes
    }

    /// The UTF-8 JSON text of this value, compact or pretty-printed; NaN and infinities become `null`.
    public func jsonBytes(prettyPrinted: Bool = false) -> [UInt8] {
        jsonBytes(options: JSONWritingOptions(prettyPrinted: prettyPrinted))
    }

    /// The JSON text of this value as a string; NaN and infinities become `null`.
    public func jsonString(prettyPrinted: Bool = false) -> String {
        String(decoding: jsonBytes(prettyPrinted: prettyPrinted), as: UTF8.self)
    }
}
