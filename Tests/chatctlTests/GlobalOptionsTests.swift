import AdminAPI
import ArgumentParser
import Testing

@testable import chatctl

@Suite("chatctl options and output")
struct GlobalOptionsTests {
    @Test(
        "global options before the command name are moved behind it",
        arguments: [
            (["--output", "json", "users"], ["users", "--output", "json"]),
            (["-o", "json", "accounts", "add", "bob"], ["accounts", "add", "-o", "json", "bob"]),
            (["--socket=/s", "--server", "http://x", "whoami"], ["whoami", "--socket=/s", "--server", "http://x"]),
            (["users", "--output", "json"], ["users", "--output", "json"]),
            (["kick", "alice", "-r", "spam"], ["kick", "alice", "-r", "spam"]),
            (["--server", "https://x", "--cacert", "/ca.pem", "users"], ["users", "--server", "https://x", "--cacert", "/ca.pem"]),
        ]
    )
    func hoisting(_ given: [String], _ expected: [String]) {
        #expect(GlobalOptions.hoist(given) == expected)
    }

    @Test("either order parses to the same command")
    func bothOrders() throws {
        let before = try ChatctlCommand.parseAsRoot(GlobalOptions.hoist(["--output", "json", "--socket", "/tmp/s", "users"]))
        let after = try ChatctlCommand.parseAsRoot(["users", "--output", "json", "--socket", "/tmp/s"])
        let first = try #require(before as? Users)
        let second = try #require(after as? Users)
        #expect(first.globals.output == .json)
        #expect(first.globals.socket == second.globals.socket)
    }

    @Test("the socket is the default target; --server with --token goes over TCP; --token alone is a usage error")
    func targets() throws {
        let socket = try #require(try ChatctlCommand.parseAsRoot(["stats", "--socket", "/run/chat.sock"]) as? StatsCommand)
        #expect(try socket.globals.target() == .socket(path: "/run/chat.sock"))
        let tcp = try #require(try ChatctlCommand.parseAsRoot(["stats", "--server", "http://127.0.0.1:8001", "--token", "chat_x"]) as? StatsCommand)
        #expect(try tcp.globals.target() == .server(url: "http://127.0.0.1:8001", token: "chat_x"))
        let lone = try #require(try ChatctlCommand.parseAsRoot(["stats", "--token", "chat_x", "--socket", "/s"]) as? StatsCommand)
        #expect(throws: ValidationError.self) { try lone.globals.target() }
        let bad = try #require(try ChatctlCommand.parseAsRoot(["stats", "--server", "127.0.0.1:8001"]) as? StatsCommand)
        #expect(throws: ValidationError.self) { try bad.globals.target() }
    }

    @Test(
        "bad flag values are usage errors",
        arguments: [
            ["audit", "--limit", "0"], ["audit", "--since", "yesterday"], ["accounts", "add", "x", "--role", "god"], ["--output", "xml", "users"],
            ["limits", "set", "--message-rate", ""], ["limits", "set", "--message-rate", ":"],
            ["limits", "set", "--message-rate", "1/9223372036854775807"],
            ["overrides", "add", "bob", "--message-rate", ""], ["overrides", "add", "bob", "--message-rate", "10/99999999999"],
        ]
    )
    func usage(_ arguments: [String]) {
        #expect(throws: (any Error).self) { try ChatctlCommand.parseAsRoot(GlobalOptions.hoist(arguments)) }
    }

    @Test("exit codes follow the documented table")
    func exitCodes() {
        #expect(ExitStatus.code(for: .unreachable(target: "x", detail: "connection refused")) == 4)
        #expect(ExitStatus.code(for: .unreachable(target: "x", detail: "permission denied")) == 3)
        #expect(ExitStatus.code(for: .refused(status: 401, code: "invalid_token", message: "")) == 3)
        #expect(ExitStatus.code(for: .refused(status: 403, code: "forbidden", message: "")) == 3)
        #expect(ExitStatus.code(for: .refused(status: 404, code: "user_not_found", message: "")) == 2)
        #expect(ExitStatus.code(for: .refused(status: 409, code: "last_admin", message: "")) == 1)
        #expect(ExitStatus.code(for: .invalidResponse("?")) == 1)
    }

    @Test("tables align columns and cut the widest to fit the terminal")
    func table() {
        var table = Table("nick", "host")
        table.add("alice", "127.0.0.1")
        table.add("bob", String(repeating: "x", count: 40))
        let wide = table.render(width: nil).split(separator: "\n")
        #expect(wide[0] == "NICK   HOST")
        #expect(wide[1] == "alice  127.0.0.1")
        let narrow = table.render(width: 20).split(separator: "\n")
        #expect(narrow.allSatisfy { $0.count <= 20 })
        #expect(narrow[2].hasSuffix("…"))
    }

    @Test("paths escape what a user types")
    func escaping() {
        #expect(AdminPaths.kick("a/b c") == "/admin/v1/users/a%2Fb%20c/kick")
        #expect(AdminPaths.user("alice") == "/admin/v1/users/alice")
    }
}
