import Foundation
import Logging
import ServiceLifecycle
import UnixSignals

/// Reads the listeners' certificate and key again on each SIGHUP, and says in the log what came of it.
/// Without TLS a SIGHUP only says so: it never stops the server (`systemctl reload` sends one).
struct CertificateReloader: Service {
    let certificate: ServerCertificate?
    let logger: Logger

    func run() async throws {
        let hangups = await UnixSignalsSequence(trapping: .sighup)
        for await _ in hangups.cancelOnGracefulShutdown() {
            guard let certificate else {
                logger.notice("SIGHUP: no TLS certificate to read again (--tls-cert is not given); nothing else is reloaded")
                continue
            }
            do {
                try certificate.reload()
                logger.notice(
                    "reloaded the TLS certificate for new connections",
                    metadata: ["chat.tls.certificate": "\(certificate.certificatePath)", "chat.tls.expires": "\(certificate.expires)"]
                )
            } catch {
                logger.error("kept the TLS certificate in use: \(error)", metadata: ["chat.tls.certificate": "\(certificate.certificatePath)"])
            }
        }
    }
}
