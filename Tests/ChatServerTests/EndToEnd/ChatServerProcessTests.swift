import AsyncHTTPClient
import Foundation
import NIOConcurrencyHelpers
import NIOHTTP1
import Testing

/// The built `chat-server` binary, started on a free loopback port, driven over real HTTP.
@Suite("chat-server end to end")
struct ChatServerProcessTests {
    @Test("several people join, chat, see each other and leave")
    func conversation() async throws {
        let server = try await ServerProcess()
        defer { server.stop() }
        var alice = ChatHTTPClient(baseURL: server.baseURL)
        var bob = ChatHTTPClient(baseURL: server.baseURL)
        var carol = ChatHTTPClient(baseURL: server.baseURL)
        try await alice.join("alice")
        try await bob.join("bob")
        try await carol.join("carol")

        #expect(try await alice.send("hi from alice").status == 202)
        #expect(try await bob.send("hi from bob").status == 202)
        #expect(try await carol.send("hi from carol").status == 202)
        let expected = ["hi from alice", "hi from bob", "hi from carol"]
        for var client in [alice, bob, carol] {
            let messages = try await client.collect(3, types: ["message"])
            #expect(messages.compactMap(\.text) == expected, "everyone sees every message in one order")
        }
        let users = try jsonObject(try await alice.request(.GET, "/api/users").body)["users"] as? [[String: Any]]
        #expect(users?.compactMap { $0["nick"] as? String } == ["alice", "bob", "carol"])

        _ = try await alice.collect(6)
        #expect(try await bob.request(.POST, "/api/leave").status == 204)
        let leave = try await alice.collect(1, types: ["leave"])
        #expect(leave.first?.nick == "bob")
        #expect(leave.first?.reason == "left")
        #expect(try await bob.send("still here?").status == 401)
    }

    @Test("a held poll waits while nothing happens and is answered as soon as something does")
    func heldPoll() async throws {
        let server = try await ServerProcess()
        defer { server.stop() }
        var alice = ChatHTTPClient(baseURL: server.baseURL)
        var bob = ChatHTTPClient(baseURL: server.baseURL)
        try await alice.join("alice")
        try await bob.join("bob")
        _ = try await alice.collect(2)
        let waiting = alice
        let answered = NIOLockedValueBox(false)
        let poll = Task {
            var client = waiting
            defer { answered.withLockedValue { $0 = true } }
            return try await client.poll()
        }
        // Nothing happens for a while: the poll must still be held (answering early would be the bug).
        try await Task.sleep(for: .seconds(1))
        #expect(answered.withLockedValue { $0 } == false, "the poll was held while nothing happened")
        try await bob.send("now")
        let events = try await poll.value
        #expect(events.map(\.text) == ["now"])
    }

    @Test("SIGTERM answers held polls and the process exits promptly")
    func gracefulShutdown() async throws {
        let server = try await ServerProcess(arguments: ["--poll-timeout", "120", "--idle-timeout", "300"])
        defer { server.stop() }
        var alice = ChatHTTPClient(baseURL: server.baseURL)
        try await alice.join("alice")
        _ = try await alice.poll()
        let client = alice
        let poll = Task { try await client.request(.GET, "/api/poll?since=\(client.cursor)") }
        #expect(await eventually { await server.heldPolls() == 1 }, "the poll is held before SIGTERM")
        let exited = await server.terminate(within: .seconds(20))
        #expect(exited, "a held poll of 120 s did not hold the server up")
        let reply = try await poll.value
        #expect(reply.status == 503)
        #expect(reply.errorCode == "shutting_down")
        #expect(server.process.terminationStatus == 0)
    }

    @Test("a session that stops polling leaves after the idle timeout, and the room sees why")
    func idleTimeout() async throws {
        // An idle timeout of 4 s: the watcher, polling every second, has 3 s of slack between polls on a busy machine.
        let server = try await ServerProcess(arguments: ["--poll-timeout", "1", "--idle-timeout", "4"])
        defer { server.stop() }
        var sleeper = ChatHTTPClient(baseURL: server.baseURL)
        var watcher = ChatHTTPClient(baseURL: server.baseURL)
        // The watcher is in, and polling, before the sleeper joins: on a busy machine the sleeper could
        // otherwise be gone (idle after 4 s) before the watcher arrived to see it leave.
        try await watcher.join("watcher")
        let collected = watcher.collecting(1, types: ["leave"], limit: 20)
        try await sleeper.join("sleeper")
        let leave = try await collected.value
        #expect(leave.first?.nick == "sleeper")
        #expect(leave.first?.reason == "idle")
        // The sleeper's next poll collects its own last event, which tells the page not to reconnect.
        let last = try await sleeper.collect(1, types: ["leave"])
        #expect(last.first?.reconnect == false)
    }

    @Test("bad flags are refused in words before anything starts")
    func badFlags() throws {
        let process = Process()
        process.executableURL = ServerProcess.binary
        process.arguments = ["--poll-timeout", "60", "--idle-timeout", "10"]
        let pipe = Pipe()
        process.standardError = pipe
        process.standardOutput = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus != 0)
        #expect(output.contains("must be longer than poll-timeout"))
    }

    @Test("--help lists every option with its environment variable")
    func help() throws {
        let process = Process()
        process.executableURL = ServerProcess.binary
        process.arguments = ["--help"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        for option in ["--host", "--port", "--data-dir", "--poll-timeout", "--idle-timeout", "--config", "CHAT_PORT", "CHAT_IDLE_TIMEOUT"] {
            #expect(output.contains(option), "\(option) is documented")
        }
    }
}
