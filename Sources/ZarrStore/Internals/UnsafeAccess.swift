/// Pointer access with typed throws (the standard library's `withUnsafe…` closures rethrow untyped errors).
enum UnsafeAccess {
    static func withMutableBytes<R>(_ array: inout [UInt8], _ body: (UnsafeMutableRawPointer) throws(ZarrError) -> R) throws(ZarrError) -> R {
        let result: Result<R, ZarrError> = array.withUnsafeMutableBytes { raw in
            // An empty array still gets a valid (never dereferenced) pointer.
            let base = raw.baseAddress ?? UnsafeMutableRawPointer(bitPattern: 1)!
            do throws(ZarrError) { return .success(try body(base)) } catch { return .failure(error) }
        }
        return try result.get()
    }
}
