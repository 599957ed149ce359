import Foundation
import Testing

/// nginx or HAProxy from Debian's packages, run in the foreground with one of deploy/'s configurations,
/// changed only where a test must: its listeners on free loopback ports, the chat-server it forwards to,
/// and a certificate the test made. ``stop()`` it afterwards.
final class ReverseProxy: Sendable {
    enum Kind: String, Sendable, CaseIterable, CustomTestStringConvertible {
        case nginx, haproxy
        var testDescription: String { rawValue }
        var executable: String { self == .nginx ? "/usr/sbin/nginx" : "/usr/sbin/haproxy" }
        var configuration: URL { Repository.file(self == .nginx ? "deploy/nginx.conf" : "deploy/haproxy.cfg") }
    }

    /// Whether both are installed here; always in CI, which installs them.
    static var present: Bool { InstalledTools.present(Kind.nginx.executable, Kind.haproxy.executable) }

    let kind: Kind
    let httpPort: Int
    let httpsPort: Int
    let directory: URL
    private let process: Process

    /// Starts `kind` in `directory`, forwarding to a chat-server's chat port (and checking its health on
    /// its admin port), with TLS from `certificate`; returns once both its ports accept.
    init(_ kind: Kind, chatPort: Int, adminPort: Int, certificate: TestCertificate, in directory: URL) async throws {
        self.kind = kind
        self.directory = directory
        httpPort = try LoopbackPort.free()
        httpsPort = try LoopbackPort.free()
        let text = try String(contentsOf: kind.configuration, encoding: .utf8)
        /// How to run it in the foreground, and how to have it check its configuration and stop.
        let (arguments, checkArguments): ([String], [String])
        switch kind {
        case .nginx:
            let site = try Self.replacing(
                text,
                [
                    ("listen 80;", "listen 127.0.0.1:\(httpPort);"), ("listen [::]:80;", ""),
                    ("listen 443 ssl http2;", "listen 127.0.0.1:\(httpsPort) ssl http2;"), ("listen [::]:443 ssl http2;", ""),
                    ("server 127.0.0.1:8000;", "server 127.0.0.1:\(chatPort);"),
                    ("/etc/letsencrypt/live/chat.example.org/fullchain.pem", certificate.certificate.path),
                    ("/etc/letsencrypt/live/chat.example.org/privkey.pem", certificate.key.path),
                ]
            )
            try site.write(to: directory.appendingPathComponent("site.conf"), atomically: true, encoding: .utf8)
            // The main file a distribution would have, around the site.
            let main = """
                worker_processes 1;
                pid nginx.pid;
                error_log error.log;
                events { worker_connections 1024; }
                http {
                    access_log access.log;
                    include site.conf;
                }
                """
            try main.write(to: directory.appendingPathComponent("nginx.conf"), atomically: true, encoding: .utf8)
            let files = ["-p", directory.path, "-c", "nginx.conf"]
            (arguments, checkArguments) = (files + ["-g", "daemon off;"], files + ["-t"])
        case .haproxy:
            let configuration = try Self.replacing(
                text,
                [
                    ("bind :80", "bind 127.0.0.1:\(httpPort)"), ("bind :443", "bind 127.0.0.1:\(httpsPort)"),
                    ("/etc/haproxy/certs/chat.pem", certificate.combined.path),
                    (
                        "server chat1 127.0.0.1:8000 send-proxy-v2 check port 8001",
                        "server chat1 127.0.0.1:\(chatPort) send-proxy-v2 check port \(adminPort)"
                    ),
                ]
            )
            let file = directory.appendingPathComponent("haproxy.cfg")
            try configuration.write(to: file, atomically: true, encoding: .utf8)
            (arguments, checkArguments) = (["-db", "-f", file.path], ["-c", "-f", file.path])
        }
        let check = try await offThePool {
            try ChildProcess.run(kind.executable, checkArguments)
        }
        guard check.status == 0 else { throw ReverseProxyError(description: "\(kind) refuses its configuration: \(check.output)") }
        process = Process()
        process.executableURL = URL(fileURLWithPath: kind.executable)
        process.arguments = arguments
        process.currentDirectoryURL = directory
        let log = directory.appendingPathComponent("\(kind).out")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        let (http, https) = (httpPort, httpsPort)
        let up = await eventually(within: .seconds(20)) { LoopbackPort.accepts(http) && LoopbackPort.accepts(https) }
        guard up else {
            stop()
            throw ReverseProxyError(description: "\(kind) did not start: \((try? String(contentsOf: log, encoding: .utf8)) ?? "")")
        }
    }

    func stop() {
        guard process.isRunning else { return }
        process.terminate()
        process.waitUntilExit()
    }

    /// `text` with each pair's first replaced by its second; each must be there, or the test would be
    /// checking a file other than the one in deploy/.
    private static func replacing(_ text: String, _ pairs: [(String, String)]) throws -> String {
        var result = text
        for (old, new) in pairs {
            guard result.contains(old) else { throw ReverseProxyError(description: "deploy/ no longer says \(old)") }
            result = result.replacingOccurrences(of: old, with: new)
        }
        return result
    }
}

struct ReverseProxyError: Error, CustomStringConvertible {
    let description: String
}
