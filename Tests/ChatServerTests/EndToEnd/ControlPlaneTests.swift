import AdminAPI
import Foundation
import NIOHTTP1
import Testing

/// chat-server and chatctl, both the built binaries: the control socket, logins over TCP, roles, kicks,
/// the audit log, restarts and crashes.
@Suite("Control plane end to end")
struct ControlPlaneTests {
    /// A running server with a first admin made through the socket, and a chatctl to drive it.
    struct Setup {
        let server: ServerProcess
        let chatctl: Chatctl

        var socket: [String] { ["--socket", server.socketPath] }
        var tcp: [String] { ["--server", server.adminURL] }

        static func make() async throws -> Setup {
            let server = try await ServerProcess()
            let chatctl = try Chatctl()
            let made = try await chatctl.run(
                ["accounts", "add", "root", "--role", "admin", "--password-stdin", "--socket", server.socketPath],
                stdin: "correct horse\n"
            )
            guard made.status == 0 else { throw ServerProcessError(message: "first admin: \(made)") }
            return Setup(server: server, chatctl: chatctl)
        }

        func stop() {
            server.stop()
            chatctl.cleanUp()
        }
    }

    @Test("the first admin is made through the socket, then logs in over TCP; the token file is private")
    func firstAdminAndLogin() async throws {
        let setup = try await Setup.make()
        defer { setup.stop() }
        let chatctl = setup.chatctl
        let whoami = try await chatctl.run(setup.socket + ["whoami", "-o", "json"])
        #expect(try whoami.json()["actor"] as? String == "local:root")

        let login = try await chatctl.run(setup.tcp + ["login", "-u", "root", "--password-stdin"], stdin: "correct horse\n")
        #expect(login.status == 0, "\(login)")
        let file = chatctl.configHome.appendingPathComponent("chatctl/credentials.json")
        let mode = try FileManager.default.attributesOfItem(atPath: file.path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let me = try await chatctl.run(["whoami", "--output", "json"] + setup.tcp)
        #expect(try me.json()["actor"] as? String == "root", "global options after the command name work too")
        let before = try await chatctl.run(["--output", "json"] + setup.tcp + ["whoami"])
        #expect(before.status == 0, "and before it: \(before)")
    }

    @Test("wrong password, missing and revoked tokens are refused in words, with exit code 3")
    func refusals() async throws {
        let setup = try await Setup.make()
        defer { setup.stop() }
        let chatctl = setup.chatctl
        let wrong = try await chatctl.run(setup.tcp + ["login", "-u", "root", "--password-stdin"], stdin: "not the password\n")
        #expect(wrong.status == 3)
        #expect(wrong.stderr.contains("wrong account name or password"))

        let missing = try await chatctl.run(setup.tcp + ["users"])
        #expect(missing.status == 3)
        #expect(missing.stderr.contains("chatctl login"))

        let created = try await chatctl.run(setup.socket + ["tokens", "create", "ci", "--account", "root", "-o", "json"])
        let secret = try #require(try created.json()["token"] as? String)
        let id = try #require((try created.json()["info"] as? [String: Any])?["id"] as? String)
        #expect(try await chatctl.run(setup.tcp + ["--token", secret, "users"]).status == 0)
        #expect(try await chatctl.run(setup.tcp + ["users"], environment: ["CHATCTL_TOKEN": secret]).status == 0, "CHATCTL_TOKEN works")
        #expect(try await chatctl.run(setup.socket + ["tokens", "revoke", id]).status == 0)
        let revoked = try await chatctl.run(setup.tcp + ["--token", secret, "users"])
        #expect(revoked.status == 3)
        #expect(revoked.stderr.contains("revoked"))
    }

    @Test("a moderator is refused on accounts with exit code 3; unknown things are exit code 2")
    func moderator() async throws {
        let setup = try await Setup.make()
        defer { setup.stop() }
        let chatctl = setup.chatctl
        #expect(try await chatctl.run(setup.socket + ["accounts", "add", "mod", "--password-stdin"], stdin: "battery staple\n").status == 0)
        #expect(try await chatctl.run(setup.tcp + ["login", "-u", "mod", "--password-stdin"], stdin: "battery staple\n").status == 0)
        let refused = try await chatctl.run(setup.tcp + ["accounts", "list"])
        #expect(refused.status == 3)
        #expect(refused.stderr.contains("admin role"))
        #expect(try await chatctl.run(setup.tcp + ["users"]).status == 0)
        let missing = try await chatctl.run(setup.tcp + ["kick", "ghost"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("nobody called 'ghost'"))
    }

    @Test("kick ends a held poll with its reason; the audit log shows who did it and what was refused")
    func kickAndAudit() async throws {
        let setup = try await Setup.make()
        defer { setup.stop() }
        var victim = ChatHTTPClient(baseURL: setup.server.baseURL)
        try await victim.join("victim")
        _ = try await victim.poll()
        let held = victim
        let poll = Task {
            var client = held
            return try await client.poll()
        }
        #expect(await eventually { await setup.server.heldPolls() == 1 }, "the poll is held before the kick")
        let kicked = try await setup.chatctl.run(setup.socket + ["kick", "victim", "--reason", "flooding"])
        #expect(kicked.status == 0, "\(kicked)")
        #expect(kicked.stdout.contains("Kicked victim (flooding)."))
        let events = try await poll.value
        #expect(events.map(\.type) == ["kick"])
        #expect(events.first?.reason == "flooding")
        #expect(events.first?.reconnect == false)

        _ = try await setup.chatctl.run(setup.tcp + ["--token", "chat_bogus", "users"])
        let audit = try await setup.chatctl.run(setup.socket + ["audit", "-o", "json"])
        let entries = try #require(try audit.json()["entries"] as? [[String: Any]])
        let lines = entries.map { "\($0["action"] ?? "") \($0["actor"] ?? "") \($0["target"] ?? "-") \($0["outcome"] ?? "")" }
        #expect(lines.contains("kick local:root victim ok"))
        #expect(lines.contains("GET /admin/v1/users anonymous - invalid_token"))
        #expect(lines.contains("account.create local:root root ok"))
    }

    @Test("a restart keeps accounts, tokens and the audit log")
    func restart() async throws {
        let setup = try await Setup.make()
        defer { setup.chatctl.cleanUp() }
        let created = try await setup.chatctl.run(setup.socket + ["tokens", "create", "survivor", "--account", "root", "-o", "json"])
        let secret = try #require(try created.json()["token"] as? String)
        let server = try await setup.server.restart()
        defer { server.stop() }
        let me = try await setup.chatctl.run(["--server", server.adminURL, "--token", secret, "whoami", "-o", "json"])
        #expect(try me.json()["actor"] as? String == "root", "\(me)")
        let audit = try await setup.chatctl.run(["--socket", server.socketPath, "audit", "--action", "token.create", "-o", "json"])
        #expect((try audit.json()["entries"] as? [Any])?.count == 1)
    }

    @Test("kill -9 right after an acknowledged change loses nothing")
    func crashRightAfterAcknowledgement() async throws {
        var server = try await ServerProcess()
        let chatctl = try Chatctl()
        defer {
            server.stop()
            chatctl.cleanUp()
        }
        for round in 1...3 {
            let made = try await chatctl.run(
                ["--socket", server.socketPath, "accounts", "add", "acct\(round)", "--role", "admin", "--password-stdin"],
                stdin: "long enough \(round)\n"
            )
            #expect(made.status == 0, "\(made)")
            server.crash()
            server = try await server.restart()
            let list = try await chatctl.run(["--socket", server.socketPath, "accounts", "-o", "json"])
            let names = (try list.json()["accounts"] as? [[String: Any]])?.compactMap { $0["username"] as? String } ?? []
            #expect(names == (1...round).map { "acct\($0)" }, "round \(round)")
            let audit = try await chatctl.run(["--socket", server.socketPath, "audit", "--action", "account.create", "-o", "json"])
            #expect((try audit.json()["entries"] as? [Any])?.count == round, "the audit line survived too")
        }
    }

    @Test("another user cannot use the control socket: the directory keeps them out, and the server refuses them if it does not")
    func strangerOnTheSocket() async throws {
        let setup = try await Setup.make()
        defer { setup.stop() }
        var stranger = setup.chatctl
        stranger.runAs = ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--"]
        let keptOut = try await stranger.run(setup.socket + ["whoami"], environment: ["HOME": "/tmp"])
        #expect(keptOut.status == 3, "\(keptOut)")
        #expect(keptOut.stderr.contains("permission denied"))

        // Loosen the permissions by hand, as a careless operator might: the server itself still refuses.
        let run = URL(fileURLWithPath: setup.server.socketPath).deletingLastPathComponent().path
        for path in [setup.server.directory.path, setup.server.dataDirectory.path, run] {
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
        }
        try FileManager.default.setAttributes([.posixPermissions: 0o777], ofItemAtPath: setup.server.socketPath)
        let refused = try await stranger.run(setup.socket + ["whoami"], environment: ["HOME": "/tmp"])
        #expect(refused.status == 3, "\(refused)")
        #expect(refused.stderr.contains("accepts only"))
        let audit = try await setup.chatctl.run(setup.socket + ["audit", "-o", "json"])
        let entries = try #require(try audit.json()["entries"] as? [[String: Any]])
        #expect(entries.contains { ($0["actor"] as? String) == "local:nobody" && ($0["outcome"] as? String) == "forbidden_peer" })
    }

    @Test("chatctl says what to do when nothing listens: exit code 4")
    func unreachable() async throws {
        let chatctl = try Chatctl()
        defer { chatctl.cleanUp() }
        let socket = try await chatctl.run(["--socket", "/nonexistent/control.sock", "users"])
        #expect(socket.status == 4)
        #expect(socket.stderr.contains("is chat-server running?"))
        let tcp = try await chatctl.run(["--server", "http://127.0.0.1:1", "--token", "chat_x", "stats"])
        #expect(tcp.status == 4)
        #expect(!tcp.stderr.contains("Error:"), "no stack traces or type names")
    }
}
