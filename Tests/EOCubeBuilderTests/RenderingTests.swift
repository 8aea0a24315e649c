import Foundation
import InteropSupport
import Testing

/// `eocube quicklook` and `eocube series --png` draw what the cube holds: every quicklook pixel
/// is the grey of its box's mean as xarray reads it (transparent without data), and every series
/// marker sits where the documented layout puts the xarray value, in its band's colour.
@Suite(.enabled(if: CubeTestSupport.interopEnabled && CubeTestSupport.eocubeBinary != nil), .serialized)
struct RenderingTests {
    @Test func picturesShowTheCubesValues() throws {
        let dir = try Interop.temporaryDirectory("cube-render")
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = dir.appendingPathComponent("cube.zarr")
        #expect(try CubeTestSupport.runEOCube(CubeTestSupport.sampleBuildArguments(store: store) + ["--chunk-shape", "256,256", "--shard-shape", "none"]).status == 0)
        let group = CubeTestSupport.group

        // Quicklooks: 2 x 2 boxes on the default scale, 5 x 5 on another, the second day's VH.
        for (date, day, band, size, factor, range) in [("2025-06-03", 3898, "VV", "400", 2, ["-25", "0"]),
                                                        ("2025-06-10T23:59:50Z", 3905, "VH", "160", 5, ["-22", "-12"])] {
            let png = dir.appendingPathComponent("\(band)-\(day).png")
            let result = try CubeTestSupport.runEOCube(["quicklook", store.path, "--group", group, "--date", date, "--band", band,
                                     "--window", "1900:2700,900:1700", "--size", size, "--range", range.joined(separator: ","), "--png", png.path])
            #expect(result.status == 0 && result.text.contains("\(factor) x \(factor) cube pixels"), "\(result.text)")
            let check = try Interop.runPython(["cube_render_check.py", "quicklook", store.path, group, png.path, String(day), band,
                                               "1900", "2700", "900", "1700", String(factor), range[0], range[1]])
            #expect(check.hasPrefix("ok "), "\(check)")
        }

        // A series plot.
        let plot = dir.appendingPathComponent("series.png")
        let series = try CubeTestSupport.runEOCube(["series", store.path, "--group", group, "--x", "5124010", "--y", "1755010", "--png", plot.path])
        #expect(series.status == 0, "\(series.text)")
        #expect(try Interop.runPython(["cube_render_check.py", "series", store.path, group, plot.path, "1200", "2249"]).hasPrefix("ok "))

        // The whole 15000² tile, downsampled to 100 px, in bounded memory (GNU time measures the peak).
        let whole = dir.appendingPathComponent("whole.png")
        let process = Process(), output = Pipe()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/time")
        process.arguments = ["-f", "peak-kib %M", try #require(CubeTestSupport.eocubeBinary).path, "quicklook", store.path, "--group", group,
                             "--date", "2025-06-03", "--size", "100", "--png", whole.path]
        process.standardError = output
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let measured = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(measured)")
        let peak = measured.split(separator: "\n").first { $0.hasPrefix("peak-kib ") }.flatMap { Int($0.dropFirst(9)) } ?? Int.max
        // One strip is 510 rows x 15000 columns of doubles (61 MB); the whole day would be 1.8 GB.
        #expect(peak < 400 * 1024, "peak RSS \(peak) KiB")
        #expect(try Interop.runPython(["cube_render_check.py", "quicklook", store.path, group, whole.path, "3898", "VV",
                                       "0", "15000", "0", "15000", "150", "-25", "0"]).hasPrefix("ok "))

        // Bad input: a day without data (the days with data are named), a window outside the cube,
        // an unwritable output path.
        let noData = try CubeTestSupport.runEOCube(["quicklook", store.path, "--group", group, "--date", "2025-06-04", "--png", dir.appendingPathComponent("x.png").path])
        #expect(noData.status != 0 && noData.text.contains("no data on 2025-06-04") && noData.text.contains("2025-06-03, 2025-06-10, 2025-06-11, 2025-06-20"), "\(noData.text)")
        let outside = try CubeTestSupport.runEOCube(["quicklook", store.path, "--group", group, "--date", "2025-06-03", "--window", "14900:15100,0:100", "--png", dir.appendingPathComponent("y.png").path])
        #expect(outside.status != 0 && outside.text.contains("outside"), "\(outside.text)")
        let unwritable = try CubeTestSupport.runEOCube(["quicklook", store.path, "--group", group, "--date", "2025-06-03", "--window", "1900:2000,900:1000",
                                     "--png", dir.appendingPathComponent("missing-folder/z.png").path])
        #expect(unwritable.status != 0 && unwritable.text.contains("cannot write the PNG"), "\(unwritable.text)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("x.png").path))
    }
}
