import Foundation
import GeoRaster
import InteropSupport
import Testing

/// `RasterDataType.represents` and `nativeBytes` (used for nodata checks and fills) agree with
/// NumPy's view of each dtype.
@Suite("Sample values", .enabled(if: ReferenceFixtures.interopEnabled))
struct SampleValueTests {
    static let values = ["0", "-0.0", "1", "-1", "127", "128", "255", "256", "-129", "-9999", "65535", "-32768",
                         "2147483647", "4294967295", "4294967296", "1e10", "0.5", "0.1", "nan", "inf", "1e39"]

    @Test func representsAndNativeBytesMatchNumPy() throws {
        // For each dtype and value: whether the value survives a cast unchanged, and the bytes of
        // the cast sample (all-zero for an integer type that cannot hold it, which is our documented fill).
        let output = try Interop.runPython(["-c", """
            import json, math, sys, warnings
            import numpy as np
            warnings.simplefilter("ignore")
            out = {}
            for name in ["uint8", "int8", "uint16", "int16", "uint32", "int32", "float32", "float64"]:
                dtype = np.dtype(name)
                rows = {}
                for text in sys.argv[1:]:
                    v = float(text)
                    if dtype.kind == "f":
                        cast = np.array([v]).astype(dtype)
                        fits = math.isnan(v) or float(cast[0]) == v
                        raw = cast.astype(dtype.newbyteorder("=")).tobytes()
                    else:
                        info = np.iinfo(dtype)
                        fits = math.isfinite(v) and v == int(v) and info.min <= v <= info.max
                        raw = np.array([int(v) if fits else 0], dtype=dtype).tobytes()
                    rows[text] = [fits, raw.hex()]
                out[name] = rows
            print(json.dumps(out))
            """] + Self.values)
        let reference = try #require(JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: [String: [Any]]])
        for type in RasterDataType.allCases {
            let rows = try #require(reference[type.rawValue], "NumPy gave nothing for \(type)")
            for text in Self.values {
                let value = try #require(Double(text))
                let row = try #require(rows[text])
                let fits = try #require(row.first as? Bool), hex = try #require(row.last as? String)
                #expect(type.represents(value) == fits, "\(type) represents \(text)")
                let bytes = type.nativeBytes(of: value)
                #expect(bytes.count == type.byteCount)
                #expect(bytes.map { String(format: "%02x", $0) }.joined() == hex, "\(type) bytes of \(text)")
            }
        }
    }
}
