import AdminAPI
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import Testing

@testable import ChatServer

/// chat-server and chatctl, the built binaries, on a real PostgreSQL server: the control store's guarantees
/// hold as on the SQLite file, and a PostgreSQL that goes away costs 503s, never the chat or a change.
@Suite("PostgreSQL end to end", .enabled(if: PostgresServer.isRequired))
struct PostgresEndToEndTests {
    /// The store's URL over TCP with the password in a file (as an operator would run it), and the file.
    static func tcpArguments(_ server: PostgresServer, directory: URL) async throws -> (arguments: [String], database: String) {
        let address = try await server.makeDatabase(overTCP: true)
        let passwordFile = directory.appendingPathComponent("db-password-\(UUID().uuidString.prefix(6))")
        try "\(PostgresServer.password)\n".write(to: passwordFile, atomically: true, encoding: .utf8)
        let url = "postgres://\(PostgresServer.user)@127.0.0.1:\(server.port)/\(address.database)?sslmode=disable&connect_timeout=4"
        return (["--database-url", url, "--database-password-file", passwordFile.path], address.database)
    }

    static func scratchDirectory() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("chat-pg-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    @Test("the first admin through the socket, a login, bans and limits: kept across a restart and a kill -9")
    func durableOnPostgres() async throws {
        let postgres = try #require(try await PostgresServer.shared)
        let scratch = try Self.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let (arguments, database) = try await Self.tcpArguments(postgres, directory: scratch)
        var server = try await ServerProcess(arguments: arguments)
        let chatctl = try Chatctl()
        defer {
            server.stop()
            chatctl.cleanUp()
        }
        #expect(!server.log.contains(PostgresServer.password), "the password is never logged")
        let made = try await chatctl.run(
            ["--socket", server.socketPath, "accounts", "add", "root", "--role", "admin", "--password-stdin"],
            stdin: "correct horse\n"
        )
        #expect(made.status == 0, "\(made)")
        let login = try await chatctl.run(["--server", server.adminURL, "login", "-u", "ROOT", "--password-stdin"], stdin: "correct horse\n")
        #expect(login.status == 0, "names are found without regard to case: \(login)")
        #expect(try await chatctl.run(["--server", server.adminURL, "ban", "203.0.113.0/24", "--reason", "raid"]).status == 0)
        #expect(try await chatctl.run(["--server", server.adminURL, "limits", "set", "--message-rate", "7/10s"]).status == 0)
        #expect(try await postgres.psql(database, "SELECT target FROM sanction") == "203.0.113.0/24\n", "on the PostgreSQL server itself")

        server = try await server.restart()
        #expect(try await chatctl.run(["--socket", server.socketPath, "bans", "-o", "json"]).stdout.contains("203.0.113.0/24"))
        server.crash()
        server = try await server.restart()
        let bans = try await chatctl.run(["--socket", server.socketPath, "bans", "-o", "json"])
        #expect(bans.stdout.contains("203.0.113.0/24"), "\(bans)")
        let limits = try await chatctl.run(["--socket", server.socketPath, "limits", "-o", "json"]).json()
        #expect((limits["message_rate"] as? [String: Any])?["count"] as? Int == 7)
        let refused = try await LoopbackHTTP.request("POST", port: server.port, path: "/api/join", from: "127.0.0.1", json: #"{"nick":"root"}"#)
        #expect(refused.status == 201 || refused.status == 409, "the chat is up")
        let audit = try await chatctl.run(["--socket", server.socketPath, "audit", "-o", "json"])
        #expect(audit.stdout.contains("\"ban\""), "the audit log is on PostgreSQL too: \(audit)")
    }

    @Test("PostgreSQL stopped: admin changes answer 503 store_unavailable and change nothing, the chat chats, health says so; then back by itself")
    func postgresGoneAndBack() async throws {
        let postgres = try await PostgresServer.startNew()
        defer { postgres.remove() }
        let scratch = try Self.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let (arguments, database) = try await Self.tcpArguments(postgres, directory: scratch)
        let server = try await ServerProcess(arguments: arguments)
        let chatctl = try Chatctl()
        defer {
            server.stop()
            chatctl.cleanUp()
        }
        #expect(
            try await chatctl.run(
                ["--socket", server.socketPath, "accounts", "add", "root", "--role", "admin", "--password-stdin"],
                stdin: "correct horse\n"
            ).status == 0
        )
        var alice = ChatHTTPClient(baseURL: server.baseURL)
        try await alice.join("alice")
        var bob = ChatHTTPClient(baseURL: server.baseURL)
        try await bob.join("bob")
        _ = try await bob.poll(timeout: .seconds(5))
        let token = try #require(
            try await chatctl.run(["--socket", server.socketPath, "-o", "json", "tokens", "create", "ops", "--account", "root"]).json()["token"]
                as? String
        )
        let auth = ["Authorization": "Bearer \(token)"]
        #expect(try await LoopbackHTTP.request("GET", port: server.adminPort, path: "/admin/v1/bans", from: "127.0.0.1", headers: auth).status == 200)

        await postgres.stop()
        let clock = ContinuousClock()
        let started = clock.now
        let ban = try await chatctl.run(["--socket", server.socketPath, "ban", "mallory"])
        #expect(ban.status != 0, "\(ban)")
        #expect(ban.stderr.contains("nothing was changed"), "\(ban)")
        #expect(clock.now - started < .seconds(15), "refused within the connect timeout, not held")
        let refused = try await LoopbackHTTP.request(
            "POST",
            port: server.adminPort,
            path: "/admin/v1/bans",
            from: "127.0.0.1",
            json: #"{"target":"eve"}"#,
            headers: auth
        )
        #expect(refused.status == 503)
        #expect((try? jsonObject(refused.body))?.errorCode == "store_unavailable", "\(String(decoding: refused.body, as: UTF8.self))")
        #expect(refused.headers["retry-after"] == "5")
        let health = try await LoopbackHTTP.request("GET", port: server.adminPort, path: "/healthz", from: "127.0.0.1", timeout: 10)
        #expect(health.status == 503)
        #expect(String(decoding: health.body, as: UTF8.self).contains("unavailable"))
        let metrics = try await LoopbackHTTP.request("GET", port: server.adminPort, path: "/metrics", from: "127.0.0.1", timeout: 10)
        let counted = String(decoding: metrics.body, as: UTF8.self).split(separator: "\n").first { $0.hasPrefix("chat_store_unavailable ") }
        #expect(counted.flatMap { Double($0.split(separator: " ").last ?? "") }.map { $0 >= 1 } == true, "\(String(describing: counted))")
        // The people already in go on talking: bans, mutes and limits are held in memory.
        #expect(try await alice.send("still here").status == 202)
        let heard = try await bob.collect(1, types: ["message"], limit: 5)
        #expect(heard.contains { $0.text == "still here" })

        try await postgres.start()
        let back = await eventually(within: .seconds(30)) {
            (try? await LoopbackHTTP.request("GET", port: server.adminPort, path: "/healthz", from: "127.0.0.1", timeout: 5).status) == 200
        }
        #expect(back, "the pool connects again by itself")
        let banned = try await chatctl.run(["--socket", server.socketPath, "ban", "mallory"])
        #expect(banned.status == 0, "\(banned)")
        #expect(try await postgres.psql(database, "SELECT target FROM sanction") == "mallory\n", "only the ban made once it was back")
    }

    @Test("pg_ctl restart -m fast under a stream of bans: each is acknowledged and kept, or refused with 503, never half")
    func restartUnderChanges() async throws {
        let postgres = try await PostgresServer.startNew()
        defer { postgres.remove() }
        let scratch = try Self.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let (arguments, database) = try await Self.tcpArguments(postgres, directory: scratch)
        let server = try await ServerProcess(arguments: arguments)
        let chatctl = try Chatctl()
        defer {
            server.stop()
            chatctl.cleanUp()
        }
        let socket = ["--socket", server.socketPath]
        #expect(
            try await chatctl.run(socket + ["accounts", "add", "root", "--role", "admin", "--password-stdin"], stdin: "correct horse\n").status == 0
        )
        let token = try #require(
            try await chatctl.run(socket + ["-o", "json", "tokens", "create", "ops", "--account", "root"]).json()["token"] as? String
        )
        let auth = ["Authorization": "Bearer \(token)"]
        let adminPort = server.adminPort
        let outcomes = try await withThrowingTaskGroup(of: [(String, Int)].self) { group in
            group.addTask {
                var outcomes: [(String, Int)] = []
                for index in 0..<120 {
                    let target = "192.0.2.\(index)"
                    let reply = try await LoopbackHTTP.request(
                        "POST",
                        port: adminPort,
                        path: "/admin/v1/bans",
                        from: "127.0.0.1",
                        json: #"{"target":"\#(target)"}"#,
                        headers: auth,
                        timeout: 30
                    )
                    outcomes.append((target, reply.status))
                    try await Task.sleep(for: .milliseconds(10))
                }
                return outcomes
            }
            group.addTask {
                try await Task.sleep(for: .milliseconds(400))
                try await postgres.restart()
                return []
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        let stored = Set(try await postgres.psql(database, "SELECT target FROM sanction").split(separator: "\n").map(String.init))
        let acknowledged = Set(outcomes.filter { (200..<300).contains($0.1) }.map(\.0))
        #expect(outcomes.allSatisfy { (200..<300).contains($0.1) || $0.1 == 503 }, "acknowledged or 503, nothing else: \(outcomes)")
        #expect(acknowledged.isSubset(of: stored), "every acknowledged ban is kept: \(acknowledged.subtracting(stored))")
        // In force: every acknowledged ban, and nothing PostgreSQL does not hold (a refused ban is not put in
        // force; one whose COMMIT's answer was lost may be stored and not in force until the next start).
        let inForce = Set(
            (try await chatctl.run(socket + ["bans", "-o", "json"]).json()["sanctions"] as? [[String: Any]] ?? []).compactMap {
                $0["target"] as? String
            }
        )
        #expect(acknowledged.isSubset(of: inForce))
        #expect(inForce.isSubset(of: stored))
    }

    @Test("no PostgreSQL at start: chat-server exits with a message naming it; with --database-wait it waits and starts")
    func unreachableAtStart() async throws {
        let postgres = try await PostgresServer.startNew()
        defer { postgres.remove() }
        let scratch = try Self.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let (arguments, _) = try await Self.tcpArguments(postgres, directory: scratch)
        await postgres.stop()
        let refused = await #expect(throws: ServerProcessError.self) { _ = try await ServerProcess(arguments: arguments) }
        #expect(refused?.message.contains("cannot use PostgreSQL at postgres://chat:***@127.0.0.1") == true, "\(String(describing: refused))")
        #expect(refused?.message.contains("--database-wait") == true)
        #expect(refused?.message.contains(PostgresServer.password) == false)

        async let started = ServerProcess(arguments: arguments + ["--database-wait", "60s"])
        try await Task.sleep(for: .seconds(2))
        try await postgres.start()
        let server = try await started
        defer { server.stop() }
        let chatctl = try Chatctl()
        defer { chatctl.cleanUp() }
        let made = try await chatctl.run(
            ["--socket", server.socketPath, "accounts", "add", "root", "--role", "admin", "--password-stdin"],
            stdin: "correct horse\n"
        )
        #expect(made.status == 0, "the store it waited for is in use: \(made)")
    }

    /// Runs `chat-server` with `arguments` to its end; its exit status and everything it printed.
    static func runServerBinary(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = ServerProcess.binary
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("CHAT") }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, text)
    }

    @Test("store migrate copies a populated SQLite file to PostgreSQL row for row, refuses a non-empty target, and goes back")
    func migrateBothWays() async throws {
        let postgres = try #require(try await PostgresServer.shared)
        let scratch = try Self.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: scratch) }
        // A file with one of everything, made by a real server: accounts, tokens (one revoked), a lifted ban
        // and one in force, a mute, an override, changed limits, and the audit lines of all of it.
        var server = try await ServerProcess()
        let chatctl = try Chatctl()
        defer {
            server.stop()
            chatctl.cleanUp()
        }
        let socket = ["--socket", server.socketPath]
        for step: ([String], String?) in [
            (["accounts", "add", "root", "--role", "admin", "--password-stdin"], "correct horse\n"),
            (["accounts", "add", "Mod", "--role", "moderator", "--password-stdin"], "battery staple\n"),
            (["tokens", "create", "nightly", "--account", "root"], nil), (["tokens", "create", "old", "--account", "root"], nil),
            (["ban", "203.0.113.9", "--reason", "spam"], nil), (["unban", "203.0.113.9"], nil), (["ban", "198.51.100.0/24"], nil),
            (["mute", "loud", "--for", "1h"], nil), (["overrides", "add", "bot", "--exempt"], nil),
            (["limits", "set", "--message-rate", "9/10s"], nil),
        ] {
            let done = try await chatctl.run(socket + step.0, stdin: step.1)
            #expect(done.status == 0, "\(step.0): \(done)")
        }
        let tokens = try await chatctl.run(socket + ["tokens", "-o", "json"]).json()["tokens"] as? [[String: Any]] ?? []
        let old = try #require(tokens.first { $0["name"] as? String == "old" }?["id"] as? String)
        #expect(try await chatctl.run(socket + ["tokens", "revoke", old]).status == 0)
        // And a report of a message.
        var rude = LoopbackChatter(port: server.port, source: "127.0.0.2")
        var reporter = LoopbackChatter(port: server.port, source: "127.0.0.3")
        #expect(try await rude.join("rude").status == 201)
        #expect(try await reporter.join("reporter").status == 201)
        let seq = try #require(try await rude.send("rude words").json?["seq"] as? Int)
        let reported = try await LoopbackHTTP.request(
            "POST",
            port: server.port,
            path: "/api/report",
            from: "127.0.0.3",
            json: #"{"seq":\#(seq),"reason":"rude"}"#,
            headers: ["Authorization": "Bearer \(try #require(reporter.token))"]
        )
        #expect(reported.status == 201)
        let sqlitePath = server.dataDirectory.appendingPathComponent("chat.sqlite").path
        await server.terminate()

        let target = try await postgres.makeDatabase()
        let targetURL = "postgres://\(PostgresServer.user)@/\(target.database)?host=\(postgres.directory.path)&port=\(postgres.port)"
        let copied = try Self.runServerBinary(["store", "migrate", "--from", "sqlite:\(sqlitePath)", "--to", targetURL])
        #expect(copied.status == 0, "\(copied.output)")
        #expect(copied.output.contains("copied 2 accounts, 2 tokens, 3 sanctions, 1 overrides, 1 settings, 1 reports"), "\(copied.output)")

        let file = try SQLiteStore(path: sqlitePath, readOnly: true)
        let database = try await PostgresStore.open(target, logger: Logger(label: "test"))
        let original = try await file.snapshot()
        #expect(try await database.snapshot() == original, "every row, ids and hashes included")
        #expect(original.audit.count > 10)

        let again = try Self.runServerBinary(["store", "migrate", "--from", "sqlite:\(sqlitePath)", "--to", targetURL])
        #expect(again.status != 0)
        #expect(again.output.contains("--force"), "\(again.output)")
        #expect(try await database.snapshot() == original, "a refused copy changes nothing")
        let forced = try Self.runServerBinary(["store", "migrate", "--from", "sqlite:\(sqlitePath)", "--to", targetURL, "--force"])
        #expect(forced.status == 0, "\(forced.output)")
        _ = try await database.appendAudit(AuditRecord(at: Date(), actor: "test", source: "local", action: "after", outcome: "ok"))
        let appended = try await database.audit(AuditQuery(limit: 1)).first
        #expect(appended?.id == (original.audit.last?.id ?? 0) + 1, "new lines number on from the copied ones")
        await database.close()

        // The server on PostgreSQL: the copied password, bans and limits in force.
        server = try await ServerProcess(arguments: ["--database-url", targetURL])
        #expect(
            try await chatctl.run(["--server", server.adminURL, "login", "-u", "root", "--password-stdin"], stdin: "correct horse\n").status == 0
        )
        let bans = try await chatctl.run(["--server", server.adminURL, "bans", "-o", "json"])
        #expect(bans.stdout.contains("198.51.100.0/24") && !bans.stdout.contains("203.0.113.9"), "\(bans)")
        await server.terminate()

        // And back, to a new file: what PostgreSQL holds now (the login and its audit line included).
        let onPostgres = try await PostgresStore.open(target, logger: Logger(label: "test"))
        let expected = try await onPostgres.snapshot()
        await onPostgres.close()
        let back = scratch.appendingPathComponent("back.sqlite").path
        let returned = try Self.runServerBinary(["store", "migrate", "--from", targetURL, "--to", "sqlite:\(back)"])
        #expect(returned.status == 0, "\(returned.output)")
        #expect(try await SQLiteStore(path: back, readOnly: true).snapshot() == expected)
        #expect(expected.audit.count > original.audit.count)
    }

    @Test("two nodes on one database list each other (chatctl nodes), name themselves on /healthz and /metrics, and a stopped one goes")
    func nodesSeeEachOther() async throws {
        try await Self.withTwoNodes { first, second, chatctl in
            var people = ChatHTTPClient(baseURL: second.baseURL)
            try await people.join("on-two")
            func nodes(_ server: ServerProcess) async throws -> [[String: Any]] {
                try await chatctl.run(["--socket", server.socketPath, "nodes", "-o", "json"]).json()["nodes"] as? [[String: Any]] ?? []
            }
            #expect(await eventually { ((try? await nodes(first)) ?? []).count == 2 }, "each writes a heartbeat at start")
            // The next heartbeat (within 5 s) has the listener's address and the person who joined.
            #expect(await eventually(within: .seconds(15)) { ((try? await nodes(first)) ?? []).last?["sessions"] as? Int == 1 })
            let listed = try await nodes(first)
            #expect(listed.map { $0["name"] as? String } == ["chat-1", "chat-2"], "the node answering first: \(listed)")
            #expect(listed.allSatisfy { $0["state"] as? String == "up" })
            #expect(listed.last?["address"] as? String == "127.0.0.1:\(second.port)")
            #expect(listed.last?["sessions"] as? Int == 1)
            let table = try await chatctl.run(["--socket", second.socketPath, "nodes"])
            #expect(table.status == 0 && table.stdout.contains("chat-1") && table.stdout.contains(" up "), "\(table)")

            let health = try await LoopbackHTTP.request("GET", port: second.adminPort, path: "/healthz", from: "127.0.0.1")
            #expect(health.json?["node"] as? String == "chat-2")
            let metrics = try await LoopbackHTTP.request("GET", port: first.adminPort, path: "/metrics", from: "127.0.0.1")
            #expect(String(decoding: metrics.body, as: UTF8.self).contains(#"chat_node_info{node="chat-1",version=""#))

            // A node stopped gracefully takes its heartbeat with it.
            #expect(await second.terminate())
            #expect(try await nodes(first).map { $0["name"] as? String } == ["chat-1"])
        }
    }

    @Test("a ban, a mute, a lift and new limits made on one node hold on the other within seconds; the ban ends a poll held there")
    func moderationAcrossNodes() async throws {
        try await Self.withTwoNodes { first, second, chatctl in
            // Alice, on the second node, holds a poll; the ban is made on the first.
            var alice = ChatHTTPClient(baseURL: second.baseURL)
            try await alice.join("alice")
            _ = try await alice.poll(timeout: .seconds(5))
            let ending = alice.collecting(1, types: ["ban"], limit: 3)
            #expect(await eventually { await second.heldPolls() == 1 })
            let clock = ContinuousClock()
            let banned = clock.now
            let ban = try await chatctl.run(["--socket", first.socketPath, "ban", "alice", "--reason", "spam"])
            #expect(ban.status == 0, "\(ban)")
            let events = try await ending.value
            let took = clock.now - banned
            #expect(events.first?.type == "ban" && events.first?.reconnect == false && events.first?.reason == "spam", "\(events)")
            #expect(took < .seconds(5), "the ban ended the poll on the other node in \(took)")
            var again = ChatHTTPClient(baseURL: second.baseURL)
            await #expect(throws: ServerProcessError.self) { try await again.join("alice") }

            // Lifted on the second node, it is lifted on the first.
            #expect(try await chatctl.run(["--socket", second.socketPath, "unban", "alice"]).status == 0)
            var back = ChatHTTPClient(baseURL: first.baseURL)
            #expect(await eventually { (try? await back.join("alice")) != nil })

            // One audit log, each line with the node that wrote it, read from either node.
            let lines = try await chatctl.run(["--socket", first.socketPath, "audit", "-o", "json"]).json()["entries"] as? [[String: Any]] ?? []
            let nodes = Dictionary(lines.map { ($0["action"] as? String ?? "", $0["node"] as? String ?? "") }) { newest, _ in newest }
            #expect(nodes["ban"] == "chat-1" && nodes["unban"] == "chat-2", "\(lines)")

            // A mute made on the second node silences alice on the first.
            #expect(try await chatctl.run(["--socket", second.socketPath, "mute", "alice", "--for", "10m"]).status == 0)
            #expect(await eventually { ((try? await back.send("hello")).map(\.status)) == 403 })

            // Limits set on the first are the second's too.
            #expect(try await chatctl.run(["--socket", first.socketPath, "limits", "set", "--message-rate", "9/10s"]).status == 0)
            #expect(
                await eventually {
                    let limits = try? await chatctl.run(["--socket", second.socketPath, "limits", "-o", "json"]).json()
                    return (limits?["message_rate"] as? [String: Any])?["count"] as? Int == 9
                }
            )
            // And an override, added on the first and removed on the second.
            #expect(try await chatctl.run(["--socket", first.socketPath, "overrides", "add", "10.1.0.0/16", "--host-cap", "50"]).status == 0)
            func overrides(_ server: ServerProcess) async -> [[String: Any]] {
                ((try? await chatctl.run(["--socket", server.socketPath, "overrides", "-o", "json"]).json())?["overrides"] as? [[String: Any]]) ?? []
            }
            #expect(await eventually { await overrides(second).first?["target"] as? String == "10.1.0.0/16" })
            let id = try #require(await overrides(second).first?["id"] as? String)
            #expect(try await chatctl.run(["--socket", second.socketPath, "overrides", "remove", id]).status == 0)
            #expect(await eventually { await overrides(first).isEmpty })
        }
    }

    @Test(
        "with the regular look a minute apart, bans, lifts and rules made on one node still reach the other at once, by its wake-up; cut off, it listens again"
    )
    func wakeUpsAcrossNodes() async throws {
        try await Self.withTwoNodes(extra: ["--sync-interval", "60"]) { first, second, chatctl, postgres, database in
            func ctl(_ server: ServerProcess, _ arguments: [String]) async throws -> Chatctl.Result {
                try await chatctl.run(["--socket", server.socketPath] + arguments)
            }
            // A ban made on the first ends alice's poll held on the second: read on its wake-up, since the
            // next regular look is a minute away.
            var alice = ChatHTTPClient(baseURL: second.baseURL)
            try await alice.join("alice")
            _ = try await alice.poll(timeout: .seconds(5))
            let ending = alice.collecting(1, types: ["ban"], limit: 3)
            #expect(await eventually { await second.heldPolls() == 1 })
            let banned = ContinuousClock.now
            #expect(try await ctl(first, ["ban", "alice", "--reason", "spam"]).status == 0)
            let events = try await ending.value
            #expect(events.first?.type == "ban" && events.first?.reconnect == false, "\(events)")
            // Not a measure of speed (Benchmarks/nodes.py is): only that it came well before the next look.
            #expect(ContinuousClock.now - banned < .seconds(30))

            // A rule added on the second refuses a message sent on the first; removed there, it is gone here.
            var bob = ChatHTTPClient(baseURL: first.baseURL)
            try await bob.join("bob")
            let added = try await ctl(second, ["rules", "add", "words", "--word", "casino", "--action", "refuse", "-o", "json"])
            #expect(added.status == 0, "\(added)")
            let rule = try #require(try added.json()["id"] as? String)
            #expect(await eventually { (try? await bob.send("casino night"))?.errorCode == "refused_by_rule" })
            #expect(
                try await ctl(first, ["rules", "-o", "json"]).json()["rules"].flatMap { $0 as? [[String: Any]] }?.first?["id"] as? String == rule
            )
            #expect(try await ctl(second, ["rules", "remove", rule]).status == 0)
            #expect(await eventually { (try? await bob.send("casino night"))?.status == 202 })

            // Both listening connections are cut: each node listens again by itself, and the next change (a
            // lift on the first) reaches the second by its new one.
            func listeners() async throws -> Set<String> {
                let pids = try await postgres.psql(
                    database,
                    "SELECT pid FROM pg_stat_activity WHERE application_name = 'chat-server listener' AND datname = '\(database)'"
                )
                return Set(pids.split(whereSeparator: \.isNewline).map(String.init))
            }
            let before = try await listeners()
            #expect(before.count == 2, "\(before)")
            let cut = try await postgres.psql(
                database,
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'chat-server listener' AND datname = '\(database)'"
            )
            #expect(cut.split(whereSeparator: \.isNewline) == ["t", "t"], "\(cut)")
            #expect(
                await eventually {
                    let now = (try? await listeners()) ?? []
                    return now.count == 2 && now.isDisjoint(with: before)
                }
            )
            #expect(try await ctl(first, ["unban", "alice"]).status == 0)
            var back = ChatHTTPClient(baseURL: second.baseURL)
            #expect(await eventually { (try? await back.join("alice")) != nil })
        }
    }

    /// Two real nodes, `chat-1` and `chat-2`, on one fresh database of the shared PostgreSQL server, with a
    /// chatctl; all stopped and removed after `body`, which also has the PostgreSQL server and the database.
    static func withTwoNodes(
        extra: [String] = [],
        _ body: (ServerProcess, ServerProcess, Chatctl, PostgresServer, String) async throws -> Void
    ) async throws {
        let postgres = try #require(try await PostgresServer.shared)
        let scratch = try Self.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let (arguments, database) = try await Self.tcpArguments(postgres, directory: scratch)
        let first = try await ServerProcess(arguments: arguments + extra + ["--node-name", "chat-1"])
        let second = try await ServerProcess(arguments: arguments + extra + ["--node-name", "chat-2"])
        let chatctl = try Chatctl()
        defer {
            first.stop()
            second.stop()
            chatctl.cleanUp()
        }
        try await body(first, second, chatctl, postgres, database)
    }

    static func withTwoNodes(_ body: (ServerProcess, ServerProcess, Chatctl) async throws -> Void) async throws {
        try await withTwoNodes { first, second, chatctl, _, _ in try await body(first, second, chatctl) }
    }
}
