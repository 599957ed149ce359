import Foundation
import HummingbirdTesting
import Testing

@testable import ChatServer

/// A connection that takes too long over any part of a request, idles too long, or does not read its
/// answers is closed by the server; a held poll is under none of these, only the poll timeout.
@Suite("Connection timeouts")
struct ConnectionTimeoutTests {
    typealias Raw = RawHTTPConnection

    /// Timeouts short enough for a test: a head or body in 0.5 s, idle 0.5 s past a poll timeout of 2 s.
    private static func server() throws -> TestServer {
        try TestServer(pollTimeout: 2, idleTimeout: 60) { configuration in
            configuration.headerTimeout = 0.5
            configuration.bodyTimeout = 0.5
            configuration.keepAliveTimeout = 2.5
            configuration.writeTimeout = 1
        }
    }

    /// A join on a connection of its own that writes as soon as it is open (`Connection: close`): the test
    /// client's kept connection may sit idle past these short head timeouts on a loaded machine before its
    /// first request, and be closed for it.
    private static func join(_ nick: String, port: Int) async throws -> (token: String, cursor: UInt64) {
        let reply = try await LoopbackHTTP.request("POST", port: port, path: "/api/join", from: "127.0.0.1", json: #"{"nick":"\#(nick)"}"#)
        let body = try jsonObject(reply.body)
        guard let token = body["session"] as? String, let cursor = body.cursor else { throw JSONShapeError(text: "\(body)") }
        return (token, cursor)
    }

    @Test(
        "a connection that sends nothing, part of a request line, a head or a body is closed",
        arguments: [
            ("nothing", ""),
            ("half a request line", "GET /api/po"),
            ("half a head", "POST /api/join HTTP/1.1\r\nHost: x\r\nContent-Le"),
            ("half a body", "POST /api/join HTTP/1.1\r\nHost: x\r\nContent-Length: 40\r\n\r\n{\"nick\""),
            ("half a chunked body", "POST /api/join HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n{\"nic\r\n"),
            ("half a router request's head", "GET /api/users HTTP/1.1\r\nHost: x\r\nX-Slow: "),
        ]
    )
    func slowRequestsAreClosed(what: String, bytes: String) async throws {
        let server = try Self.server()
        try await server.test(.live) { client in
            let raw = try Raw(port: try #require(client.port))
            if !bytes.isEmpty { try raw.write(bytes) }
            let (text, closed) = try await raw.readToEnd(timeout: 10)
            #expect(closed, "\(what): closed by the server")
            #expect(!text.contains("HTTP/1.1 5"), "\(what): never a 500")
            // This connection, and perhaps the test client's own, idle since it opened.
            let counted = server.app.connectionCounters[.headTimeout] + server.app.connectionCounters[.bodyTimeout]
            #expect(counted >= 1, "\(what)")
        }
    }

    @Test("a head sent a byte at a time is closed at the head timeout, however steadily the bytes come")
    func trickledHead() async throws {
        let server = try Self.server()
        try await server.test(.live) { client in
            let raw = try Raw(port: try #require(client.port))
            let start = ContinuousClock.now
            var closedAfter: Duration?
            for byte in "GET /api/users HTTP/1.1\r\nHost: x\r\nX-A: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa".utf8 {
                do { try raw.write(String(UnicodeScalar(byte))) } catch {
                    closedAfter = ContinuousClock.now - start
                    break
                }
                if try await raw.isClosedByServer(timeout: 0.1) {
                    closedAfter = ContinuousClock.now - start
                    break
                }
            }
            #expect(closedAfter != nil, "closed before the trickle ended")
            #expect(server.app.connectionCounters[.headTimeout] >= 1)
        }
    }

    @Test("an idle keep-alive connection is closed after the keep-alive timeout, not before its answer")
    func idleAfterAnswer() async throws {
        let server = try Self.server()
        try await server.test(.live) { client in
            let raw = try Raw(port: try #require(client.port))
            try raw.write(Raw.request("GET", "/api/users"))
            #expect(try await raw.answer()?.status == 200)
            #expect(try await raw.isClosedByServer(timeout: 10))
            #expect(server.app.connectionCounters[.idleTimeout] == 1)
        }
    }

    @Test("a held poll outlasts the head, body and keep-alive timeouts: the poll timeout answers it, and the connection goes on")
    func heldPollIsNotIdle() async throws {
        let server = try TestServer(pollTimeout: 2, idleTimeout: 60) { configuration in
            configuration.headerTimeout = 0.3
            configuration.bodyTimeout = 0.3
            configuration.keepAliveTimeout = 2.3
        }
        try await server.test(.live) { client in
            let (token, cursor) = try await Self.join("alice", port: try #require(client.port))
            let raw = try Raw(port: try #require(client.port))
            let auth = ["Authorization": "Bearer \(token)"]
            try raw.write(Raw.request("GET", "/api/poll?since=\(cursor + 1)", headers: auth))
            #expect(await eventually { server.room.postOffice.heldPolls == 1 })
            // What the room's maintenance does each tick (no maintenance runs in process): past every
            // connection timeout, the poll is still held until its own timeout ends it.
            try await Task.sleep(for: .seconds(1))
            #expect(server.room.postOffice.heldPolls == 1)
            #expect(
                await eventually {
                    server.room.postOffice.expireWaiters()
                    return server.room.postOffice.heldPolls == 0
                }
            )
            let answer = try #require(try await raw.answer(timeout: 10))
            #expect(answer.status == 200)
            #expect(answer.body.contains(#""events":[]"#), "ended by the poll timeout, empty")
            try raw.write(Raw.request("GET", "/api/users"))
            #expect(try await raw.answer()?.status == 200, "the connection is still open")
            // The test client's own connection, opened and never used, is closed at the head timeout; no other.
            #expect(server.app.connectionCounters[.headTimeout] <= 1 && server.app.connectionCounters[.bodyTimeout] == 0)
        }
    }

    @Test("a client that pipelines polls and never reads is not answered further, then cut off at the write timeout")
    func pipelinerWhoNeverReads() async throws {
        let server = try Self.server()
        try await server.test(.live) { client in
            let port = try #require(client.port)
            let (token, _) = try await Self.join("reader", port: port)
            for index in 0..<8 {
                let text = #"{"text":"\#(String(repeating: "m", count: 400)) \#(index)"}"#
                let sent = try await LoopbackHTTP.request(
                    "POST",
                    port: port,
                    path: "/api/send",
                    from: "127.0.0.1",
                    json: text,
                    headers: ["Authorization": "Bearer \(token)"]
                )
                #expect(sent.status == 202)
            }
            let poll = Array(Raw.request("GET", "/api/poll?since=0", headers: ["Authorization": "Bearer \(token)"]).utf8)
            // 40,000 polls (5 MB, more than the sockets' buffers hold); each answer is 3.5 KB: 140 MB if all were answered.
            var all: [UInt8] = []
            all.reserveCapacity(poll.count * 40_000)
            for _ in 0..<40_000 { all.append(contentsOf: poll) }  // cheap even in a debug build, beside timing-sensitive tests
            let raw = try Raw(port: try #require(client.port))  // after the bytes are made: the head timeout runs from here
            let sent = try await raw.writeWhatFits(all, timeout: 3)
            #expect(sent < all.count, "the server stopped reading: \(sent) of \(all.count) bytes taken")
            let cut = await eventually(within: .seconds(10)) { server.app.connectionCounters[.writeTimeout] == 1 }
            #expect(cut, "\(ConnectionCounters.Event.allCases.map { "\($0): \(server.app.connectionCounters[$0])" }) sent \(sent)")
        }
    }
}
