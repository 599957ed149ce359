import Foundation
import Testing

/// Every kind of acknowledged change, each followed by `kill -9` and a restart: none is lost, and each
/// one's audit line is there too.
@Suite("kill -9 after every kind of change")
struct CrashLoopEndToEndTests {
    /// One change and what must hold after the restart.
    struct Step {
        let name: String
        let change: [String]
        var stdin: String? = nil
        let read: [String]
        /// The audit action the change writes.
        let action: String
        let holds: ([String: Any]) -> Bool
    }

    static func objects(_ json: [String: Any], _ key: String) -> [[String: Any]] {
        json[key] as? [[String: Any]] ?? []
    }

    @Test("accounts, passwords, roles, tokens, bans, mutes, limits and overrides survive kill -9 one by one")
    func everyKindOfChange() async throws {
        var server = try await ServerProcess()
        let chatctl = try Chatctl()
        defer {
            server.stop()
            chatctl.cleanUp()
        }
        let made = try await chatctl.run(
            ["--socket", server.socketPath, "accounts", "add", "root", "--role", "admin", "--password-stdin"],
            stdin: "long enough 0\n"
        )
        #expect(made.status == 0, "\(made)")
        var tokenID = ""
        var overrideID = ""
        let steps: [Step] = [
            Step(
                name: "account add",
                change: ["accounts", "add", "alice", "--role", "moderator", "--password-stdin"],
                stdin: "long enough 1\n",
                read: ["accounts"],
                action: "account.create"
            ) { Self.objects($0, "accounts").contains { $0["username"] as? String == "alice" } },
            Step(name: "role", change: ["accounts", "role", "alice", "admin"], read: ["accounts"], action: "account.update") {
                Self.objects($0, "accounts").contains { $0["username"] as? String == "alice" && $0["role"] as? String == "admin" }
            },
            Step(
                name: "password",
                change: ["accounts", "passwd", "alice", "--password-stdin"],
                stdin: "long enough 2\n",
                read: ["accounts"],
                action: "account.update"
            ) { _ in true },
            Step(name: "token create", change: ["tokens", "create", "nightly", "--account", "alice"], read: ["tokens"], action: "token.create") {
                Self.objects($0, "tokens").contains { $0["name"] as? String == "nightly" }
            },
            Step(name: "ban", change: ["ban", "198.51.100.0/24", "--reason", "raid"], read: ["bans"], action: "ban") {
                Self.objects($0, "sanctions").contains { $0["target"] as? String == "198.51.100.0/24" }
            },
            Step(name: "unban", change: ["unban", "198.51.100.0/24"], read: ["bans"], action: "unban") { Self.objects($0, "sanctions").isEmpty },
            Step(name: "mute", change: ["mute", "loud"], read: ["mutes"], action: "mute") {
                Self.objects($0, "sanctions").contains { $0["target"] as? String == "loud" }
            },
            Step(name: "unmute", change: ["unmute", "loud"], read: ["mutes"], action: "unmute") { Self.objects($0, "sanctions").isEmpty },
            Step(name: "limits", change: ["limits", "set", "--message-rate", "7/10s", "--host-cap", "5"], read: ["limits"], action: "limits.set") {
                let rate = $0["message_rate"] as? [String: Any]
                return rate?["count"] as? Int == 7 && rate?["seconds"] as? Double == 10 && $0["host_cap"] as? Int == 5
            },
            Step(name: "override add", change: ["overrides", "add", "bot", "--exempt"], read: ["overrides"], action: "override.add") {
                Self.objects($0, "overrides").contains { $0["target"] as? String == "bot" }
            },
        ]
        for (index, step) in steps.enumerated() {
            let done = try await chatctl.run(["--socket", server.socketPath, "-o", "json"] + step.change, stdin: step.stdin)
            #expect(done.status == 0, "\(step.name): \(done)")
            if step.name == "token create" { tokenID = ((try? done.json()["info"] as? [String: Any])?["id"] as? String) ?? "" }
            if step.name == "override add" { overrideID = (try? done.json()["id"] as? String) ?? "" }
            server.crash()
            server = try await server.restart()
            let read = try await chatctl.run(["--socket", server.socketPath, "-o", "json"] + step.read)
            #expect(step.holds(try read.json()), "\(step.name) did not survive kill -9: \(read.stdout)")
            let audit = try await chatctl.run(["--socket", server.socketPath, "audit", "--action", step.action, "-o", "json"])
            #expect(!Self.objects(try audit.json(), "entries").isEmpty, "\(step.name): its audit line survived (step \(index))")
        }
        // The removals, of what the steps above made.
        let removals: [(String, [String], [String], ([String: Any]) -> Bool)] = [
            (
                "token revoke", ["tokens", "revoke", tokenID], ["tokens"],
                { Self.objects($0, "tokens").allSatisfy { $0["id"] as? String != tokenID } }
            ),
            ("override remove", ["overrides", "remove", overrideID], ["overrides"], { Self.objects($0, "overrides").isEmpty }),
            (
                "account remove", ["accounts", "remove", "alice"], ["accounts"],
                { Self.objects($0, "accounts").allSatisfy { $0["username"] as? String != "alice" } }
            ),
        ]
        for (name, change, read, holds) in removals {
            let done = try await chatctl.run(["--socket", server.socketPath] + change)
            #expect(done.status == 0, "\(name): \(done)")
            server.crash()
            server = try await server.restart()
            let after = try await chatctl.run(["--socket", server.socketPath, "-o", "json"] + read)
            #expect(holds(try after.json()), "\(name) did not survive kill -9: \(after.stdout)")
        }
    }
}
