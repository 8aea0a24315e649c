import Foundation

/// The two INI-style files of the AWS command-line tools and SDKs: `~/.aws/credentials`
/// (sections `[name]`) and `~/.aws/config` (sections `[profile name]`, and `[default]`).
///
/// Only what S3 needs is read: keys of a section, plus the `s3 =` sub-section whose indented
/// lines hold `endpoint_url` and `addressing_style`. Comments start with `#` or `;`.
struct AWSConfigFiles {
    /// Settings by profile name; `s3.`-prefixed keys come from the `s3 =` sub-section.
    private(set) var credentials: [String: [String: String]] = [:]
    private(set) var config: [String: [String: String]] = [:]

    /// Reads the files the environment points at (missing files are empty).
    init(environment: [String: String], homeDirectory: String?) {
        let home = homeDirectory ?? environment["HOME"] ?? NSHomeDirectory()
        let credentialsPath = environment["AWS_SHARED_CREDENTIALS_FILE"] ?? home + "/.aws/credentials"
        let configPath = environment["AWS_CONFIG_FILE"] ?? home + "/.aws/config"
        credentials = Self.parse(Self.read(credentialsPath), isConfig: false)
        config = Self.parse(Self.read(configPath), isConfig: true)
    }

    /// Whether either file defines `profile`.
    func hasProfile(_ profile: String) -> Bool { credentials[profile] != nil || config[profile] != nil }

    /// `key` of `profile`: the credentials file first, then the config file.
    func value(_ key: String, profile: String) -> String? {
        credentials[profile]?[key] ?? config[profile]?[key]
    }

    private static func read(_ path: String) -> String {
        guard let data = FileManager.default.contents(atPath: path) else { return "" }
        return String(decoding: data, as: UTF8.self)
    }

    /// Parses one file into sections; in the config file `[profile x]` names profile `x`.
    static func parse(_ text: String, isConfig: Bool) -> [String: [String: String]] {
        var sections: [String: [String: String]] = [:]
        var current: String?
        var subsection: String?
        for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            let indented = rawLine.first == " " || rawLine.first == "\t"
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("["), line.hasSuffix("]") {
                var name = line.dropFirst().dropLast().trimmingCharacters(in: .whitespaces)
                if isConfig, name.hasPrefix("profile ") { name = name.dropFirst(8).trimmingCharacters(in: .whitespaces) }
                current = name
                subsection = nil
                if sections[name] == nil { sections[name] = [:] }
                continue
            }
            guard let section = current, let equals = line.firstIndex(of: "=") else { continue }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            let value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            if indented, let parent = subsection {
                sections[section]?[parent + "." + key] = value
            } else if value.isEmpty {
                subsection = key  // `s3 =` opens a sub-section of indented lines
            } else {
                subsection = nil
                sections[section]?[key] = value
            }
        }
        return sections
    }
}
