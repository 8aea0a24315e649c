import Foundation
import InteropSupport
import Testing
@testable import ZarrStore

/// `FileSystemStorage.createIfAbsent`: of many writers racing to create one key, exactly one
/// wins, the winner's bytes stay, and no temporary file is left behind.
struct ExclusiveCreateTests {
    @Test func exactlyOneOfManyConcurrentCreatorsWins() async throws {
        let dir = try Interop.temporaryDirectory("zarr-exclusive-create")
        defer { try? FileManager.default.removeItem(at: dir) }
        let storage = try FileSystemStorage(path: dir.path)
        for round in 0..<5 {
            let key = "records/commit-\(round).json"
            let outcomes = await withTaskGroup(of: (Int, Bool?).self) { group in
                for writer in 0..<8 {
                    group.addTask { (writer, try? storage.createIfAbsent(key, Array("writer \(writer)".utf8))) }
                }
                var all: [(Int, Bool?)] = []
                for await outcome in group { all.append(outcome) }
                return all
            }
            let winners = outcomes.filter { $0.1 == true }.map(\.0)
            #expect(winners.count == 1 && outcomes.allSatisfy { $0.1 != nil }, "round \(round): \(outcomes)")
            #expect(try storage.get(key) == Array("writer \(winners.first ?? -1)".utf8))
            #expect(try storage.createIfAbsent(key, Array("late".utf8)) == false)
            #expect(try storage.get(key) == Array("writer \(winners.first ?? -1)".utf8))
        }
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("records").path).filter { $0.hasSuffix(".tmp") }
        #expect(leftovers.isEmpty, "\(leftovers)")
        #expect(throws: ZarrError.self) { try FileSystemStorage(path: dir.path, readOnly: true).createIfAbsent("x", [1]) }
    }
}
