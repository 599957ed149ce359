import Foundation
import HTTPTypes
import HummingbirdTesting
import Logging
import NIOCore
import Testing

@testable import ChatServer

/// Held polls over real sockets, in process, so the post office's counts can be read directly. Polls run on
/// connections of their own (``withConnection(to:_:)``) beside the client that joins and sends.
@Suite("Held polls over real connections")
struct HeldPollTests {
    @Test("a held poll is answered when a message arrives")
    func answeredOnMessage() async throws {
        let server = try TestServer()
        try await server.test(.live) { client in
            let (token, cursor) = try await client.join("alice")
            let (bob, _) = try await client.join("bob")
            try await withConnection(to: client) { poller in
                let since = try await poller.poll(since: cursor, token: token).cursor
                let poll = Task { try await poller.poll(since: since, token: token) }
                #expect(await eventually { server.room.postOffice.heldPolls == 1 })
                try await client.post("/api/send", json: #"{"text":"wake up"}"#, token: bob)
                let events = try await poll.value.events
                #expect(events.map(\.type) == ["message"])
                #expect(events.last?.text == "wake up")
            }
        }
    }

    @Test("a held poll with nothing to say is answered empty at the poll timeout")
    func timesOut() async throws {
        let server = try TestServer(pollTimeout: 1, idleTimeout: 10)
        let maintenance = RoomMaintenance(room: server.room, moderation: nil, tick: .milliseconds(50), logger: Logger(label: "test"))
        let sweeper = Task { try await maintenance.run() }
        defer { sweeper.cancel() }
        try await server.test(.live) { client in
            let (token, cursor) = try await client.join("alice")
            let first = try jsonObject(try await client.get("/api/poll?since=\(cursor)", token: token).body)
            let since = try #require(first.cursor)
            let body = try jsonObject(try await client.get("/api/poll?since=\(since)", token: token).body)
            #expect(body.events.isEmpty)
            #expect(body.cursor == since)
            #expect(server.room.postOffice.heldPolls == 0)
        }
    }

    @Test("a client that goes away frees its waiter at once, not at the timeout")
    func abortedClientLeavesNoWaiter() async throws {
        let server = try TestServer(pollTimeout: 600, idleTimeout: 1200)
        try await server.test(.live) { client in
            let (token, cursor) = try await client.join("alice")
            let port = try #require(client.port)
            for mode in [CloseMode.output, CloseMode.all] {
                let raw = TestClient(host: "127.0.0.1", port: port)
                raw.connect()
                try await raw.executeAndDontWaitForResponse(
                    .init("/api/poll?since=\(cursor + 1)", method: .get, authority: "localhost", headers: [.authorization: "Bearer \(token)"])
                )
                #expect(await eventually { server.room.postOffice.heldPolls == 1 }, "the poll is held")
                try await raw.close(mode: mode)
                #expect(await eventually { server.room.postOffice.heldPolls == 0 }, "closing (\(mode)) freed the waiter")
            }
            #expect(await eventually { server.app.connections.count == 1 }, "only the test client's connection is left")
        }
    }

    @Test("a connection is kept alive across held polls")
    func keepAlive() async throws {
        let server = try TestServer()
        try await server.test(.live) { client in
            let (token, cursor) = try await client.join("alice")
            try await withConnection(to: client) { poller in
                var since = cursor
                for index in 1...3 {
                    let from = since
                    let poll = Task { try await poller.poll(since: from, token: token) }
                    if index > 1 {
                        #expect(await eventually { server.room.postOffice.heldPolls == 1 })
                        try await client.post("/api/send", json: #"{"text":"m\#(index)"}"#, token: token)
                    }
                    since = try await poll.value.cursor
                }
                #expect(since == cursor + 3)
                #expect(server.app.connections.count == 2, "the poller's one connection served all three polls")
            }
        }
    }

    @Test("a newer poll for the same session ends the older one over HTTP too")
    func supersede() async throws {
        let server = try TestServer()
        try await server.test(.live) { client in
            let (token, cursor) = try await client.join("alice")
            try await withConnection(to: client) { first in
                try await withConnection(to: client) { second in
                    let older = Task { try await first.poll(since: cursor + 1, token: token) }
                    #expect(await eventually { server.room.postOffice.heldPolls == 1 })
                    let newer = Task { try await second.poll(since: cursor + 1, token: token) }
                    #expect(try await older.value.events.isEmpty)
                    #expect(await eventually { server.room.postOffice.isWaiting(SessionID(1)) })
                    try await client.post("/api/send", json: #"{"text":"to the newer"}"#, token: token)
                    #expect(try await newer.value.events.first?.text == "to the newer")
                }
            }
        }
    }
}
