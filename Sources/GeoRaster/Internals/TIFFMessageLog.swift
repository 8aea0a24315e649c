import CTIFF
import Logging
import Synchronization

/// Collects libtiff's errors and warnings for one handle, instead of letting them reach stderr.
///
/// libtiff calls the shim's handler with the pointer given at open time; the shim formats the
/// message and forwards it to ``TIFFMessageLog/sink``.
final class TIFFMessageLog: Sendable {
    private let errors = Mutex<[String]>([])
    private let logger: Logger
    private let location: String

    init(location: String, logger: Logger) {
        self.location = location
        self.logger = logger
    }

    func record(isError: Bool, module: String, message: String) {
        let text = module.isEmpty ? message : "\(module): \(message)"
        if isError {
            errors.withLock { $0.append(text) }
            logger.debug("libtiff error", metadata: ["file": "\(location)", "message": "\(text)"])
        } else {
            logger.debug("libtiff warning", metadata: ["file": "\(location)", "message": "\(text)"])
        }
    }

    /// The errors since the last call, joined, and clears them.
    func takeErrors() -> String {
        errors.withLock { errors in
            defer { errors.removeAll() }
            return errors.isEmpty ? "libtiff reported no detail" : errors.joined(separator: "; ")
        }
    }

    /// Installs the process-wide sink once: libtiff messages go to the log of the handle they concern.
    static let installSink: Void = {
        eocube_tiff_silence_global_handlers()
        eocube_tiff_register_geotiff_tags()
        eocube_tiff_set_message_sink { userData, isError, module, message in
            guard let userData else { return }
            let log = Unmanaged<TIFFMessageLog>.fromOpaque(userData).takeUnretainedValue()
            log.record(isError: isError != 0, module: module.map { String(cString: $0) } ?? "",
                       message: message.map { String(cString: $0) } ?? "")
        }
    }()
}
