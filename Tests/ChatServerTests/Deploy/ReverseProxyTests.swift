import AsyncHTTPClient
import Foundation
import NIOCore
import Testing

/// deploy/nginx.conf and deploy/haproxy.cfg with the real proxies in front of the real server: TLS ends
/// there, plain HTTP is sent to HTTPS, a held poll is answered through it, and the server sees each person's
/// own address (the one the proxy saw, never one the client claims): from nginx by `X-Forwarded-For`, from
/// HAProxy by the PROXY protocol.
@Suite("Behind nginx and HAProxy as deploy/ configures them", .enabled(if: ReverseProxy.present))
struct ReverseProxyTests {
    /// A request through the proxy with curl, from `source` (a loopback address of the test's choosing).
    static func curl(
        _ url: String,
        from source: String,
        certificate: TestCertificate,
        json: String? = nil,
        headers: [String] = []
    )
        async throws -> (status: Int, body: String)
    {
        var arguments = ["-sS", "--max-time", "20", "--interface", source, "--cacert", certificate.certificate.path, "-w", "\n%{http_code}"]
        for header in headers { arguments += ["-H", header] }
        if let json { arguments += ["-X", "POST", "-H", "Content-Type: application/json", "--data", json] }
        let command = arguments + [url]
        let (status, output) = try await offThePool { try ChildProcess.run("/usr/bin/curl", command) }
        guard status == 0, let last = output.split(separator: "\n").last, let code = Int(last) else {
            throw ReverseProxyError(description: "curl \(url): exit \(status): \(output)")
        }
        return (code, String(output.dropLast(last.count + 1)))
    }

    @Test("TLS, the redirect, a held poll answered, and each person's own address", arguments: ReverseProxy.Kind.allCases)
    func throughTheProxy(_ kind: ReverseProxy.Kind) async throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("chat-proxy-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let certificate = try await TestCertificate.make(in: scratch)
        let proxyProtocol = kind == .haproxy ? ["--proxy-protocol", "on"] : []
        let server = try await ServerProcess(arguments: ["--trusted-proxy", "127.0.0.1", "--poll-timeout", "5"] + proxyProtocol)
        let chatctl = try Chatctl()
        let proxy = try await ReverseProxy(kind, chatPort: server.port, adminPort: server.adminPort, certificate: certificate, in: scratch)
        let client = try certificate.httpClient()
        defer {
            proxy.stop()
            server.stop()
            chatctl.cleanUp()
            // Shut down whatever the test's end: a client dropped without it stops a debug build.
            Task { try? await client.shutdown() }
        }
        let secure = "https://127.0.0.1:\(proxy.httpsPort)"

        let plain = try await LoopbackHTTP.request("GET", port: proxy.httpPort, path: "/", from: "127.0.0.1")
        #expect(plain.status == 301, "plain HTTP is sent to HTTPS")
        #expect(plain.headers["location"]?.hasPrefix("https://") == true, "\(plain.headers)")

        // Carol claims another address; the proxy replaces the claim with the one it saw.
        let carol = try await Self.curl(
            secure + "/api/join",
            from: "127.0.0.9",
            certificate: certificate,
            json: #"{"nick":"carol"}"#,
            headers: ["X-Forwarded-For: 203.0.113.9"]
        )
        #expect(carol.status == 201, "\(carol)")
        let users = try await chatctl.run(["--socket", server.socketPath, "users", "-o", "json"]).json()["users"] as? [[String: Any]]
        let host = users?.first { $0["nick"] as? String == "carol" }?["host"] as? String
        #expect(host == "127.0.0.9", "the server sees the address the proxy saw: \(String(describing: users))")
        #expect(try await chatctl.run(["--socket", server.socketPath, "ban", "127.0.0.9"]).status == 0)
        let dave = try await Self.curl(secure + "/api/join", from: "127.0.0.9", certificate: certificate, json: #"{"nick":"dave"}"#)
        #expect(dave.status == 403, "a ban on that address holds through the proxy: \(dave)")
        #expect(dave.body.contains("banned"))

        // Alice polls through the proxy; Bob speaks on a connection of his own: her held poll is answered.
        var alice = ChatHTTPClient(baseURL: secure, client: client)
        try await alice.join("alice")
        var bob = ChatHTTPClient(baseURL: secure, client: client)
        try await bob.join("bob")
        let heard = alice.collecting(1, types: ["message"], limit: 10)
        try await Task.sleep(for: .milliseconds(300))
        #expect(try await bob.send("through the proxy").status == 202)
        #expect(try await heard.value.contains { $0.text == "through the proxy" })
        // And a poll with nothing to say is held to the server's timeout and answered empty, not cut off.
        let clock = ContinuousClock()
        var held: Duration?
        for _ in 0..<5 where held == nil {
            let started = clock.now
            if try await alice.poll(timeout: .seconds(30)).isEmpty { held = clock.now - started }
        }
        #expect(held.map { $0 >= .seconds(4) } == true, "held by the server, not ended early by the proxy: \(String(describing: held))")
    }

    @Test("each proxy waits well beyond a held poll (the server's default 30 s)")
    func timeoutsAbovePollHold() throws {
        let nginx = try String(contentsOf: ReverseProxy.Kind.nginx.configuration, encoding: .utf8)
        let haproxy = try String(contentsOf: ReverseProxy.Kind.haproxy.configuration, encoding: .utf8)
        for directive in ["proxy_read_timeout", "proxy_send_timeout"] {
            #expect(Self.seconds(after: directive, in: nginx).map { $0 >= 35 } == true, "nginx \(directive)")
        }
        for directive in ["timeout client", "timeout server"] {
            #expect(Self.seconds(after: directive, in: haproxy).map { $0 >= 35 } == true, "HAProxy \(directive)")
        }
    }

    /// The number of seconds a line `directive NNs` gives.
    static func seconds(after directive: String, in text: String) -> Int? {
        text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.first { $0.hasPrefix(directive + " ") }
            .flatMap { Int($0.dropFirst(directive.count + 1).prefix { $0.isNumber }) }
    }
}
