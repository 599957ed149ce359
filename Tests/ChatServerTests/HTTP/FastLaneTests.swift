import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import Testing

@testable import ChatServer

/// The pipeline's fast lane (join, send, poll answered in the channel pipeline) and the router share one
/// connection: whatever the mix, answers come in the order of the requests and mean the same.
@Suite("Fast lane and router on one connection")
struct FastLaneTests {
    typealias Raw = RawHTTPConnection

    @Test("pipelined requests are answered in order, whichever lane answers each")
    func pipelinedInOrder() async throws {
        let server = try TestServer()
        try await server.test(.live) { client in
            let (token, _) = try await client.join("alice")
            let auth = ["Authorization": "Bearer \(token)"]
            let raw = try Raw(port: try #require(client.port))
            try raw.write(
                Raw.request("GET", "/api/poll?since=0", headers: auth) + Raw.request("GET", "/api/users")
                    + Raw.request("GET", "/api/poll?since=0", headers: auth)
                    + Raw.request("POST", "/api/send", body: #"{"text":"hi"}"#, headers: auth)
                    + Raw.request("GET", "/api/nothing") + Raw.request("POST", "/api/join", body: #"{"nick":"bob"}"#)
            )
            var answers: [Raw.Answer] = []
            for _ in 0..<6 { answers.append(try #require(try await raw.answer())) }
            #expect(answers.map(\.status) == [200, 200, 200, 202, 404, 201])
            #expect(answers[0].body.contains(#""type":"join","nick":"alice""#))
            #expect(answers[1].body.contains(#""users":[{"nick":"alice""#))
            #expect(answers[2].body == answers[0].body)
            #expect(answers[3].body.hasPrefix(#"{"seq":"#))
            #expect(answers[4].body.contains("not_found"))
            #expect(answers[5].body.contains(#""nick":"bob""#))
            #expect(answers.allSatisfy { $0.headers["server"] == "chat-server" && $0.headers["date"] != nil })
        }
    }

    @Test("a request sent behind a held poll waits for the poll's answer, then is answered")
    func requestBehindHeldPoll() async throws {
        let server = try TestServer()
        try await server.test(.live) { client in
            let (token, cursor) = try await client.join("alice")
            let raw = try Raw(port: try #require(client.port))
            try raw.write(
                Raw.request("GET", "/api/poll?since=\(cursor + 1)", headers: ["Authorization": "Bearer \(token)"]) + Raw.request("GET", "/api/users")
            )
            #expect(await eventually { server.room.postOffice.heldPolls == 1 })
            #expect(try await raw.answer(timeout: 0.3) == nil, "nothing is answered while the poll is held")
            try await client.post("/api/send", json: #"{"text":"wake up"}"#, token: token)
            let poll = try #require(try await raw.answer())
            #expect(poll.status == 200)
            #expect(poll.body.contains("wake up"))
            let users = try #require(try await raw.answer())
            #expect(users.status == 200)
            #expect(users.body.contains(#""nick":"alice""#))
        }
    }

    @Test("Connection: close on a fast-lane request closes the connection after its answer")
    func connectionClose() async throws {
        let server = try TestServer()
        try await server.test(.live) { client in
            let raw = try Raw(port: try #require(client.port))
            try raw.write(Raw.request("POST", "/api/join", body: #"{"nick":"carol"}"#, headers: ["Connection": "close"]))
            let answer = try #require(try await raw.answer())
            #expect(answer.status == 201)
            #expect(answer.headers["connection"] == "close")
            #expect(try await raw.isClosedByServer())
        }
    }

    @Test("a body declared over the limit is refused with 413 at once, unread (a missing token first with 401), and the connection closes")
    func oversizedBody() async throws {
        let server = try TestServer(maxBodyBytes: 1024)
        try await server.test(.live) { client in
            let (token, _) = try await client.join("alice")
            let port = try #require(client.port)
            let heads = [
                ("POST /api/send", "Authorization: Bearer \(token)\r\n", 413, "body_too_large"),
                ("POST /api/send", "", 401, "missing_session"),
                ("POST /api/join", "", 413, "body_too_large"),
                ("POST /api/signin", "", 413, "body_too_large"),
                ("POST /api/send", "Authorization: Bearer \(token)\r\nContent-Length: 999999999\r\n", 413, "body_too_large"),
            ]
            for (line, fields, status, code) in heads {
                let raw = try Raw(port: port)
                let length = fields.contains("Content-Length") ? "" : "Content-Length: 3000\r\n"
                // Only the head: the answer comes without the body ever being sent.
                try raw.write("\(line) HTTP/1.1\r\nHost: x\r\n\(fields)\(length)Content-Type: application/json\r\n\r\n")
                let answer = try #require(try await raw.answer(), "\(line) \(fields)")
                #expect(answer.status == status)
                #expect(answer.body.contains(code))
                #expect(answer.headers["connection"] == "close")
                #expect(try await raw.isClosedByServer())
            }
            // Behind a request the router answers, the refusal waits its turn, and says the same (a missing token first).
            for (fields, status) in [("Authorization: Bearer \(token)\r\n", 413), ("", 401)] {
                let raw = try Raw(port: port)
                try raw.write(Raw.request("GET", "/api/users") + "POST /api/send HTTP/1.1\r\nHost: x\r\n\(fields)Content-Length: 5000\r\n\r\n")
                #expect(try await raw.answer()?.status == 200)
                #expect(try await raw.answer()?.status == status)
                #expect(try await raw.isClosedByServer())
            }
            try await client.post("/api/send", json: #"{"text":"small"}"#, token: token)
            #expect(server.room.messagesTotal == 1)
        }
    }

    @Test("malformed and invalid bodies get the same envelopes as through the router, and change nothing")
    func badBodies() async throws {
        let server = try TestServer()
        try await server.test(.live) { client in
            let (token, _) = try await client.join("alice")
            let auth = ["Authorization": "Bearer \(token)"]
            let raw = try Raw(port: try #require(client.port))
            try raw.write(
                Raw.request("POST", "/api/send", body: "{not json", headers: auth)
                    + Raw.request("POST", "/api/send", body: #"{"text":5}"#, headers: auth)
                    + Raw.request("POST", "/api/send", body: "\u{FF}", headers: auth) + Raw.request("POST", "/api/join", body: #"{"nick":"a b"}"#)
                    + Raw.request("POST", "/api/send", body: #"{"text":"x"}"#, headers: ["Authorization": "Bearer nope"])
                    + Raw.request("GET", "/api/poll?since=-1", headers: auth)
            )
            var answers: [Raw.Answer] = []
            for _ in 0..<6 { answers.append(try #require(try await raw.answer())) }
            #expect(answers.map(\.status) == [400, 400, 400, 400, 401, 400])
            #expect(answers[1].body.contains("the field 'text' must be a string"))
            #expect(answers[3].body.contains("invalid_nick"))
            #expect(answers[5].body.contains("invalid_since"))
            #expect(server.room.messagesTotal == 0)
            #expect(server.room.memberCount == 1)
        }
    }

    @Test("a request that is not HTTP gets 400 and the connection closes; the server goes on")
    func garbage() async throws {
        let server = try TestServer()
        try await server.test(.live) { client in
            let raw = try Raw(port: try #require(client.port))
            try raw.write(Raw.request("GET", "/api/users") + "\u{01}NOT HTTP AT ALL\r\n\r\n")
            #expect(try await raw.answer()?.status == 200)
            #expect(try await raw.answer()?.status == 400)
            #expect(try await raw.isClosedByServer())
            let (token, _) = try await client.join("after")
            #expect(!token.isEmpty)
        }
    }

    @Test("a request that is not HTTP, first on its connection, gets 400 and the connection closes")
    func garbageFirst() async throws {
        let server = try TestServer()
        try await server.test(.live) { client in
            let raw = try Raw(port: try #require(client.port))
            try raw.write("\u{01}NOT HTTP AT ALL\r\n\r\n")
            let answer = try #require(try await raw.answer())
            #expect(answer.status == 400)
            #expect(answer.headers["connection"] == "close")
            #expect(try await raw.isClosedByServer())
        }
    }

    @Test("a client that ends its input gets the answers to what it sent, then the connection closes")
    func clientEndsInput() async throws {
        let server = try TestServer()
        try await server.test(.live) { client in
            let (token, cursor) = try await client.join("alice")
            let auth = ["Authorization": "Bearer \(token)"]
            // Only the fast lane, and the two lanes mixed.
            let fast = try Raw(port: try #require(client.port))
            try fast.write(Raw.request("POST", "/api/send", body: #"{"text":"one"}"#, headers: auth))
            try fast.endInput()
            #expect(try await fast.answer()?.status == 202)
            #expect(try await fast.isClosedByServer())
            let mixed = try Raw(port: try #require(client.port))
            try mixed.write(Raw.request("GET", "/api/users") + Raw.request("POST", "/api/send", body: #"{"text":"two"}"#, headers: auth))
            try mixed.endInput()
            #expect(try await mixed.answer()?.status == 200)
            #expect(try await mixed.answer()?.status == 202)
            #expect(try await mixed.isClosedByServer())
            // A held poll is let go when its client ends its input; its empty answer is still written.
            let poller = try Raw(port: try #require(client.port))
            try poller.write(Raw.request("GET", "/api/poll?since=\(cursor + 3)", headers: auth))  // after the two messages
            #expect(await eventually { server.room.postOffice.heldPolls == 1 })
            try poller.endInput()
            #expect(await eventually { server.room.postOffice.heldPolls == 0 })
            #expect(try await poller.answer()?.body.contains(#""events":[]"#) == true)
            #expect(try await poller.isClosedByServer())
            // Half a request and then the end: the connection is not kept. The fast lane says nothing (it reads a
            // send's body before its token); the plain lane's route refuses the missing token first: a 4xx at most.
            let cut = try Raw(port: try #require(client.port))
            try cut.write("POST /api/send HTTP/1.1\r\nHost: x\r\nContent-Length: 50\r\n\r\n{\"te")
            try cut.endInput()
            let (text, closed) = try await cut.readToEnd(timeout: 10)
            #expect(closed)
            let statuses = text.components(separatedBy: "HTTP/1.1 ").dropFirst().map { String($0.prefix(3)) }
            #expect(statuses.allSatisfy { $0.hasPrefix("4") } && statuses.count <= 1, "\(statuses)")
            if server.app.configuration.fastLane { #expect(statuses.isEmpty) }
            #expect(server.room.messagesTotal == 2)
        }
    }

    @Test("shutting down closes keep-alive connections, whether or not they ever reached the router")
    func shutdownClosesIdleConnections() async throws {
        let server = try TestServer()
        let connections = try await server.test(.live) { client in
            let port = try #require(client.port)
            let fast = try Raw(port: port)
            try fast.write(Raw.request("POST", "/api/join", body: #"{"nick":"alice"}"#))
            #expect(try await fast.answer()?.status == 201)
            let routed = try Raw(port: port)
            try routed.write(Raw.request("GET", "/api/users"))
            #expect(try await routed.answer()?.status == 200)
            // The test client's own connection, opened when it likes, is settled by a request of its own.
            #expect(try await client.get("/api/users").status == .ok)
            let open = server.app.connections.count
            let silent = try Raw(port: port)
            // Accepted, not just waiting in the listen queue (which the listener's close resets).
            #expect(await eventually { server.app.connections.count == open + 1 }, "open: \(server.app.connections.count)")
            return [fast, routed, silent]
        }
        // The server has stopped (it waits for every connection to close), and each client sees the end.
        for connection in connections {
            #expect(try await connection.isClosedByServer(timeout: 2))
        }
    }

    @Test("shutting down lets the router finish the answer it is waiting on, then closes the connection")
    func shutdownWaitsForTheRouter() async throws {
        let server = try TestServer()
        let (raw, announcer) = try await server.test(.live) { client in
            let (token, cursor) = try await client.join("alice")
            let raw = try Raw(port: try #require(client.port))
            // The poll arrives while the router answers the first request, so the router holds it.
            try raw.write(
                Raw.request("GET", "/api/users") + Raw.request("GET", "/api/poll?since=\(cursor + 1)", headers: ["Authorization": "Bearer \(token)"])
            )
            #expect(try await raw.answer()?.status == 200)
            #expect(await eventually { server.room.postOffice.heldPolls == 1 })
            // Something for the poll once the server has begun to shut down: its listener is closed, so a
            // new connection is refused (a wait on that state, not a guess at how long it takes).
            let port = try #require(client.port)
            let announcer = Task {
                let closed = await eventually { (try? Raw(port: port)) == nil }
                #expect(closed, "the listener closed when the shutdown began")
                _ = try server.room.announce("closing time", actor: "test")
            }
            return (raw, announcer)
        }
        try await announcer.value
        let poll = try #require(try await raw.answer())
        #expect(poll.status == 200)
        #expect(poll.body.contains("closing time"))
        #expect(try await raw.isClosedByServer())
    }

    @Test("a kick that comes while the victim's answer waits behind a burst goes out in that same answer", .enabled(if: TestLane.isFast))
    func kickPromotesQueuedAnswer() async throws {
        let server = try TestServer()
        try await server.test(.live) { client in
            let (token, cursor) = try await client.join("victim")
            let raw = try Raw(port: try #require(client.port))
            try raw.write(Raw.request("GET", "/api/poll?since=\(cursor + 1)", headers: ["Authorization": "Bearer \(token)"]))  // after its join
            #expect(await eventually { server.room.postOffice.heldPolls == 1 })
            // Every chat loop busy for a moment, as in a burst: the poll's answer has to wait in its pump.
            let busy = NIOLockedValueBox(0)
            let loops = Array(ChatServerApp.chatEventLoopGroup.makeIterator())
            for loop in loops {
                loop.execute {
                    busy.withLockedValue { $0 += 1 }
                    Thread.sleep(forTimeInterval: 0.4)
                }
            }
            #expect(await eventually { busy.withLockedValue { $0 } == loops.count })
            _ = try server.room.announce("the burst", actor: "test")
            _ = try server.room.kick(nick: "victim", reason: "spam", actor: "test")
            let answer = try #require(try await raw.answer())
            #expect(answer.status == 200)
            #expect(answer.body.contains("the burst"))
            #expect(answer.body.contains(#""reconnect":false"#), "the end came in the answer that was waiting")
        }
    }

    @Test("what the lean codec does not read, NIO's parser reads on the same connection: chunked bodies, HTTP/1.0, smuggling refused")
    func leftToNIO() async throws {
        let server = try TestServer()
        try await server.test(.live) { client in
            let (token, cursor) = try await client.join("alice")
            let auth = "Authorization: Bearer \(token)\r\n"
            let raw = try Raw(port: try #require(client.port))
            try raw.write(
                Raw.request("POST", "/api/send", body: #"{"text":"plain"}"#, headers: ["Authorization": "Bearer \(token)"])
                    + "POST /api/send HTTP/1.1\r\nHost: x\r\n\(auth)Transfer-Encoding: chunked\r\n\r\n8\r\n{\"text\":\r\n9\r\n\"chunked\"\r\n1\r\n}\r\n0\r\n\r\n"
                    + "GET /api/poll?since=\(cursor + 1) HTTP/1.0\r\n\(auth)\r\n"
            )
            var answers: [Raw.Answer] = []
            for _ in 0..<3 { answers.append(try #require(try await raw.answer())) }
            #expect(answers.map(\.status) == [202, 202, 200])
            #expect(answers[2].body.contains(#""text":"plain""#) && answers[2].body.contains(#""text":"chunked""#))

            // Content-Length beside Transfer-Encoding: NIO's parser refuses the request, and nothing behind
            // it on the connection is read as a request.
            let smuggler = try Raw(port: try #require(client.port))
            try smuggler.write(
                "POST /api/send HTTP/1.1\r\nHost: x\r\n\(auth)Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"
                    + Raw.request("POST", "/api/send", body: #"{"text":"smuggled"}"#, headers: ["Authorization": "Bearer \(token)"])
            )
            #expect(try await smuggler.answer()?.status == 400)
            #expect(try await smuggler.isClosedByServer())
            #expect(server.room.messagesTotal == 2)
        }
    }

    @Test("other methods on the fast lane's paths are the router's: 405 with Allow")
    func otherMethods() async throws {
        let server = try TestServer()
        try await server.test(.live) { client in
            let raw = try Raw(port: try #require(client.port))
            try raw.write(Raw.request("PUT", "/api/send", body: "{}") + Raw.request("DELETE", "/api/poll"))
            let put = try #require(try await raw.answer())
            let delete = try #require(try await raw.answer())
            #expect(put.status == 405)
            #expect(put.headers["allow"] == "POST")
            #expect(delete.status == 405)
        }
    }
}

extension RawHTTPConnection.Answer: Equatable {
    static func == (lhs: Self, rhs: Self) -> Bool { lhs.status == rhs.status && lhs.body == rhs.body }
}
