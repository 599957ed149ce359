import AsyncHTTPClient
import Foundation
import NIOHTTP1
import Testing

/// chat-server with TLS of its own (`--tls-cert`, `--tls-key`): the chat and the admin API speak HTTPS with
/// the certificate given, chatctl trusts it with `--cacert`, SIGHUP takes a renewed one for new
/// connections, and a bad file is refused at start and kept out on reload.
@Suite("TLS of its own")
struct TLSEndToEndTests {
    /// A directory of its own, and a first certificate in it at the paths the server is given.
    struct Setup {
        let directory: URL
        let certificate: TestCertificate
        var arguments: [String] { ["--tls-cert", certificate.certificate.path, "--tls-key", certificate.key.path] }

        static func make() async throws -> Setup {
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("chat-tls-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            return Setup(directory: directory, certificate: try await TestCertificate.make(in: directory))
        }

        func remove() { try? FileManager.default.removeItem(at: directory) }
    }

    @Test("the chat and the admin API over HTTPS; chatctl with --cacert; plain HTTP gets no answer")
    func https() async throws {
        let setup = try await Setup.make()
        defer { setup.remove() }
        let server = try await ServerProcess(arguments: setup.arguments)
        let chatctl = try Chatctl()
        let client = try TestCertificate.httpClient(trusting: setup.certificate.certificate)
        defer {
            server.stop()
            chatctl.cleanUp()
            Task { try? await client.shutdown() }
        }
        #expect(server.log.contains("chat listening on https://"), "the log says HTTPS: \(server.log)")
        var alice = ChatHTTPClient(baseURL: "https://127.0.0.1:\(server.port)", client: client)
        try await alice.join("alice")
        var bob = ChatHTTPClient(baseURL: "https://127.0.0.1:\(server.port)", client: client)
        try await bob.join("bob")
        #expect(try await alice.send("over TLS").status == 202)
        #expect(try await bob.collect(1, types: ["message"]).contains { $0.text == "over TLS" })
        let page = try await ChatHTTPClient(baseURL: "https://127.0.0.1:\(server.port)", client: client).request(.GET, "/")
        #expect(page.status == 200, "the page too")

        let plain = try? await LoopbackHTTP.request("GET", port: server.port, path: "/", from: "127.0.0.1", timeout: 5)
        #expect(plain == nil || plain?.status != 200, "plain HTTP to the TLS port is no request: \(String(describing: plain?.status))")

        let admin = "https://127.0.0.1:\(server.adminPort)"
        #expect(
            try await chatctl.run(
                ["--socket", server.socketPath, "accounts", "add", "root", "--role", "admin", "--password-stdin"],
                stdin: "pw-pw-pw-pw\n"
            )
            .status == 0
        )
        let untrusted = try await chatctl.run(["--server", admin, "login", "-u", "root", "--password-stdin"], stdin: "pw-pw-pw-pw\n")
        #expect(untrusted.status == 4, "a certificate no authority of the system's signed is refused: \(untrusted)")
        #expect(untrusted.stderr.lowercased().contains("certificate"), "and the message says why: \(untrusted)")
        let cacert = ["--cacert", setup.certificate.certificate.path]
        let login = try await chatctl.run(["--server", admin] + cacert + ["login", "-u", "root", "--password-stdin"], stdin: "pw-pw-pw-pw\n")
        #expect(login.status == 0, "\(login)")
        let users = try await chatctl.run(["--server", admin] + cacert + ["users", "-o", "json"])
        #expect(users.status == 0 && users.stdout.contains("alice"), "\(users)")
        let fromEnvironment = try await chatctl.run(
            ["--server", admin, "whoami"],
            environment: ["CHATCTL_CACERT": setup.certificate.certificate.path]
        )
        #expect(fromEnvironment.status == 0, "CHATCTL_CACERT works as --cacert: \(fromEnvironment)")
        let missing = try await chatctl.run(["--server", admin, "--cacert", "/nonexistent.pem", "whoami"])
        #expect(missing.status == 64, "a usage error: \(missing)")
        #expect(missing.stderr.contains("/nonexistent.pem"))
    }

    @Test("SIGHUP takes a renewed certificate for new connections; a broken one is refused and the last kept")
    func reload() async throws {
        let setup = try await Setup.make()
        defer { setup.remove() }
        let server = try await ServerProcess(arguments: setup.arguments)
        let first = try TestCertificate.httpClient(trusting: setup.certificate.certificate)
        defer {
            server.stop()
            Task { try? await first.shutdown() }
        }
        var alice = ChatHTTPClient(baseURL: "https://127.0.0.1:\(server.port)", client: first)
        try await alice.join("alice")

        // A renewed certificate (a new key too) written over the files the server was given.
        let firstCopy = setup.directory.appendingPathComponent("first-copy.pem")
        try FileManager.default.copyItem(at: setup.certificate.certificate, to: firstCopy)
        let renewed = setup.directory.appendingPathComponent("renewed")
        try FileManager.default.createDirectory(at: renewed, withIntermediateDirectories: true)
        let second = try await TestCertificate.make(in: renewed)
        try Data(contentsOf: second.certificate).write(to: setup.certificate.certificate, options: .atomic)
        try Data(contentsOf: second.key).write(to: setup.certificate.key, options: .atomic)
        kill(server.process.processIdentifier, SIGHUP)
        #expect(await eventually(within: .seconds(10)) { server.log.contains("reloaded the TLS certificate") }, "\(server.log)")
        // Clients of their own, so that each request is a new connection.
        let newOnly = try TestCertificate.httpClient(trusting: second.certificate)
        let oldOnly = try TestCertificate.httpClient(trusting: firstCopy)
        defer {
            Task { try? await newOnly.shutdown() }
            Task { try? await oldOnly.shutdown() }
        }
        var carol = ChatHTTPClient(baseURL: "https://127.0.0.1:\(server.port)", client: newOnly)
        try await carol.join("carol")
        #expect(carol.token != nil, "a new connection gets the renewed certificate")
        var dave = ChatHTTPClient(baseURL: "https://127.0.0.1:\(server.port)", client: oldOnly)
        await #expect(throws: (any Error).self, "and not the old one") { try await dave.join("dave") }
        #expect(try await alice.send("still here").status == 202, "a connection already open goes on")

        // Garbage where the certificate was: the reload is refused in the log and the renewed one kept.
        try "not a certificate\n".write(to: setup.certificate.certificate, atomically: true, encoding: .utf8)
        kill(server.process.processIdentifier, SIGHUP)
        #expect(await eventually(within: .seconds(10)) { server.log.contains("kept the TLS certificate in use") }, "\(server.log)")
        let again = try TestCertificate.httpClient(trusting: second.certificate)
        defer { Task { try? await again.shutdown() } }
        var erin = ChatHTTPClient(baseURL: "https://127.0.0.1:\(server.port)", client: again)
        try await erin.join("erin")
        #expect(erin.token != nil, "still the renewed certificate")
    }

    @Test(
        "a certificate without its key, a key that is not the certificate's, or a file that is no PEM stops the start in words",
        arguments: ["no key", "wrong key", "not PEM"]
    )
    func refusedAtStart(_ case: String) async throws {
        let setup = try await Setup.make()
        defer { setup.remove() }
        let other = setup.directory.appendingPathComponent("other")
        try FileManager.default.createDirectory(at: other, withIntermediateDirectories: true)
        let stranger = try await TestCertificate.make(in: other)
        let garbage = setup.directory.appendingPathComponent("garbage.pem")
        try "-----BEGIN CERTIFICATE-----\nnope\n-----END CERTIFICATE-----\n".write(to: garbage, atomically: true, encoding: .utf8)
        let (arguments, says): ([String], String) =
            switch `case` {
            case "no key": (["--tls-cert", setup.certificate.certificate.path], "tls-cert needs tls-key")
            case "wrong key":
                (["--tls-cert", setup.certificate.certificate.path, "--tls-key", stranger.key.path], "is not the key of the certificate")
            default: (["--tls-cert", garbage.path, "--tls-key", setup.certificate.key.path], "cannot read a PEM certificate")
            }
        let (status, output) = try await offThePool {
            try ChildProcess.run(
                ServerProcess.binary.path,
                arguments + ["--port", "0", "--admin-port", "0", "--data-dir", setup.directory.appendingPathComponent("data").path]
            )
        }
        #expect(status != 0)
        #expect(output.contains(says), "\(output)")
    }
}
