import EOCubeBuilder

/// The sbatch scripts of a planned build: a job array running `eocube work` for the given units
/// (each task's unit is its SLURM_ARRAY_TASK_ID), and the commit.
struct SlurmScripts {
    var planPath: String
    var eocube: String
    var logDirectory: String
    var partition: String?
    var maxParallel: Int?
    var memory: String?
    var time: String?
    var cpusPerTask: Int?

    /// The array job over `units`.
    func workArray(units: [Int]) -> String {
        let array = CubeBuilderError.idList(units) + (maxParallel.map { "%\(max(1, $0))" } ?? "")
        var lines = ["#!/bin/sh", "#SBATCH --job-name=eocube-work", "#SBATCH --array=\(array)",
                     "#SBATCH --output=\(logDirectory)/work-%A_%a.log"]
        lines += resources()
        lines += ["set -e", "exec \(quoted(eocube)) work --plan \(quoted(planPath))"]
        return lines.joined(separator: "\n") + "\n"
    }

    /// The commit job.
    func commit() -> String {
        var lines = ["#!/bin/sh", "#SBATCH --job-name=eocube-commit", "#SBATCH --output=\(logDirectory)/commit-%j.log"]
        if let partition { lines.append("#SBATCH --partition=\(partition)") }
        if let time { lines.append("#SBATCH --time=\(time)") }
        lines += ["set -e", "exec \(quoted(eocube)) commit --plan \(quoted(planPath))"]
        return lines.joined(separator: "\n") + "\n"
    }

    private func resources() -> [String] {
        var lines: [String] = []
        if let partition { lines.append("#SBATCH --partition=\(partition)") }
        if let memory { lines.append("#SBATCH --mem=\(memory)") }
        if let time { lines.append("#SBATCH --time=\(time)") }
        if let cpusPerTask { lines.append("#SBATCH --cpus-per-task=\(cpusPerTask)") }
        return lines
    }

    /// `text` as one single-quoted shell word.
    private func quoted(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'" }
}
