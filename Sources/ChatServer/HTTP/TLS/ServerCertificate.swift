import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOSSL

/// The certificate and key both TCP listeners present (`--tls-cert`, `--tls-key`, PEM files), read at
/// start and again on SIGHUP: a renewed certificate is taken without a restart. Connections already open
/// keep the one they began with; a reload that fails keeps the one in use and says why.
final class ServerCertificate: Sendable {
    let certificatePath: String
    let keyPath: String
    private let current: NIOLockedValueBox<(context: NIOSSLContext, expires: Date)>

    /// Reads both files; throws in words if either cannot be read, parsed, or the key is not the certificate's.
    init(certificatePath: String, keyPath: String) throws(ConfigurationError) {
        self.certificatePath = certificatePath
        self.keyPath = keyPath
        current = NIOLockedValueBox(try Self.load(certificatePath: certificatePath, keyPath: keyPath))
    }

    /// The context new connections are set up with.
    var context: NIOSSLContext { current.withLockedValue { $0.context } }

    /// When the certificate in use stops being valid.
    var expires: Date { current.withLockedValue { $0.expires } }

    /// Reads both files again and uses them for new connections; on any error keeps the ones in use.
    func reload() throws(ConfigurationError) {
        let loaded = try Self.load(certificatePath: certificatePath, keyPath: keyPath)
        current.withLockedValue { $0 = loaded }
    }

    private static func load(certificatePath: String, keyPath: String) throws(ConfigurationError) -> (context: NIOSSLContext, expires: Date) {
        let chain: [NIOSSLCertificate]
        do {
            chain = try NIOSSLCertificate.fromPEMFile(certificatePath)
        } catch {
            throw ConfigurationError("tls-cert: cannot read a PEM certificate from \(certificatePath) (\(error))")
        }
        guard let leaf = chain.first else { throw ConfigurationError("tls-cert: \(certificatePath) holds no certificate") }
        let key: NIOSSLPrivateKey
        do {
            key = try NIOSSLPrivateKey(file: keyPath, format: .pem)
        } catch {
            throw ConfigurationError("tls-key: cannot read a PEM private key from \(keyPath) (\(error))")
        }
        var configuration = TLSConfiguration.makeServerConfiguration(certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
        configuration.minimumTLSVersion = .tlsv12
        configuration.applicationProtocols = ["http/1.1"]
        do {
            return (try NIOSSLContext(configuration: configuration), Date(timeIntervalSince1970: TimeInterval(leaf.notValidAfter)))
        } catch {
            throw ConfigurationError("tls-key: \(keyPath) is not the key of the certificate in \(certificatePath) (\(error))")
        }
    }
}
