import AsyncHTTPClient
import Foundation
import NIOSSL

/// A self-signed certificate for 127.0.0.1 and localhost, made with openssl for one test.
struct TestCertificate: Sendable {
    let certificate: URL
    let key: URL
    /// The certificate and then its key, in one file, as HAProxy takes them.
    let combined: URL

    static func make(in directory: URL) async throws -> TestCertificate {
        let made = TestCertificate(
            certificate: directory.appendingPathComponent("cert.pem"),
            key: directory.appendingPathComponent("key.pem"),
            combined: directory.appendingPathComponent("combined.pem")
        )
        let (status, output) = try await offThePool {
            try ChildProcess.run(
                "/usr/bin/openssl",
                [
                    "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "2", "-subj", "/CN=localhost",
                    "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost", "-keyout", made.key.path, "-out", made.certificate.path,
                ]
            )
        }
        guard status == 0 else { throw ReverseProxyError(description: "openssl: \(output)") }
        let both = try Data(contentsOf: made.certificate) + Data(contentsOf: made.key)
        try both.write(to: made.combined)
        return made
    }

    /// An HTTP client that trusts only the certificates in `file` (read now) and fails fast when nothing
    /// answers; shut it down after use.
    static func httpClient(trusting file: URL) throws -> HTTPClient {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(file.path))
        var configuration = HTTPClient.Configuration(tlsConfiguration: tls)
        configuration.connectionPool.retryConnectionEstablishment = false
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    /// A client trusting this certificate.
    func httpClient() throws -> HTTPClient { try Self.httpClient(trusting: certificate) }
}
