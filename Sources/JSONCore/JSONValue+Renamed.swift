// MARK: - Former STACClient spellings

extension JSONValue {
    /// A JSON floating-point number; STACClient's former spelling of ``double(_:)``, kept while
    /// branches written against it merge.
    @available(*, deprecated, renamed: "double")
    public static func number(_ value: Double) -> JSONValue { .double(value) }

    /// A JSON integer; STACClient's former spelling of ``int(_:)``, kept while branches written
    /// against it merge.
    @available(*, deprecated, renamed: "int")
    public static func integer(_ value: Int64) -> JSONValue { .int(value) }
}
