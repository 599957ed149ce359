import Foundation
import HummingbirdTesting
import Testing

@testable import ChatServer

/// Requests cut short, half-closed or outside HTTP/1.1's rules get a 400 or a silent close, never a 500, on
/// both lanes of a chat connection; the router lane's behaviour is the reference.
@Suite("Malformed and cut-short requests")
struct MalformedRequestTests {
    typealias Raw = RawHTTPConnection

    @Test(
        "a truncated body followed by a half-close is a 400 or a silent close, never a 500, and nothing follows it",
        arguments: [
            ("sign-in", "", "POST /api/signin"),
            ("moderation", "", "POST /api/moderate"),
            ("a send behind another request", "GET /api/users HTTP/1.1\r\nHost: x\r\n\r\n", "POST /api/send"),
            ("a send without a token behind another request", "GET /api/users HTTP/1.1\r\nHost: x\r\n\r\n", "POST /api/send"),
        ]
    )
    func truncatedThenHalfClosed(what: String, before: String, line: String) async throws {
        let server = try TestServer()
        try await server.test(.live) { client in
            let (token, _) = try await client.join("alice")
            let auth = what.contains("without") ? "" : "Authorization: Bearer \(token)\r\n"
            let raw = try Raw(port: try #require(client.port))
            try raw.write(before + "\(line) HTTP/1.1\r\nHost: x\r\n\(auth)Content-Type: application/json\r\nContent-Length: 50\r\n\r\n{\"te")
            try raw.endInput()
            let (text, closed) = try await raw.readToEnd(timeout: 10)
            #expect(closed, "\(what)")
            let statuses = text.components(separatedBy: "HTTP/1.1 ").dropFirst().map { String($0.prefix(3)) }
            #expect(!statuses.contains { $0.hasPrefix("5") }, "\(what): \(statuses)")
            let expected = before.isEmpty ? 0 : 1
            #expect(statuses.count <= expected + 1, "\(what): at most one answer to the cut request: \(statuses)")
            if what.contains("without") {
                #expect(statuses.count == 2 && statuses[1].hasPrefix("4"), "one refusal, and no unsolicited 400 after it: \(statuses)")
            }
            #expect(server.room.messagesTotal == 0)
        }
    }

    @Test("a bare LF on a fast-lane path is refused with 400 at once, as the router lane does")
    func bareLineFeed() async throws {
        let server = try TestServer()
        try await server.test(.live) { client in
            for line in ["POST /api/join HTTP/1.1\nHost: x\n\n", "GET /api/users HTTP/1.1\nHost: x\n\n"] {
                let raw = try Raw(port: try #require(client.port))
                try raw.write(line)
                let answer = try #require(try await raw.answer(timeout: 5), "\(line.debugDescription)")
                #expect(answer.status == 400)
                #expect(try await raw.isClosedByServer())
            }
        }
    }

    @Test(
        "Connection: close in any case or among other options closes the connection after the answer, on both lanes",
        arguments: ["Close", "keep-alive, close", "CLOSE , x"]
    )
    func connectionClose(value: String) async throws {
        let server = try TestServer()
        try await server.test(.live) { client in
            for (method, path, body) in [("POST", "/api/join", #"{"nick":"n\#(value.count)"}"#), ("GET", "/api/users", nil)] {
                let raw = try Raw(port: try #require(client.port))
                try raw.write(Raw.request(method, path, body: body, headers: ["Connection": value]))
                let answer = try #require(try await raw.answer())
                #expect(answer.status < 300)
                #expect(try await raw.isClosedByServer(), "\(path), Connection: \(value)")
            }
        }
    }

    @Test("HTTP/1.0 closes after its answer unless it asks for keep-alive")
    func http10() async throws {
        let server = try TestServer()
        try await server.test(.live) { client in
            let port = try #require(client.port)
            let once = try Raw(port: port)
            try once.write("GET /api/users HTTP/1.0\r\n\r\n")
            #expect(try await once.answer()?.status == 200)
            #expect(try await once.isClosedByServer())
            let kept = try Raw(port: port)
            try kept.write("GET /api/users HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
            #expect(try await kept.answer()?.status == 200)
            #expect(try await kept.isClosedByServer(timeout: 0.5) == false)
            try kept.write("GET /api/users HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
            #expect(try await kept.answer()?.status == 200)
        }
    }

    @Test("HTTP/1.1 without a Host, or with two, is refused with 400 and the connection closes, on both lanes")
    func host() async throws {
        let server = try TestServer()
        try await server.test(.live) { client in
            for head in [
                "POST /api/join HTTP/1.1\r\nContent-Length: 2\r\n\r\n{}", "GET /api/users HTTP/1.1\r\n\r\n",
                "POST /api/join HTTP/1.1\r\nHost: a\r\nHost: b\r\nContent-Length: 2\r\n\r\n{}",
                "GET /api/users HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",
            ] {
                let raw = try Raw(port: try #require(client.port))
                try raw.write(head)
                #expect(try await raw.answer()?.status == 400, "\(head.debugDescription)")
                #expect(try await raw.isClosedByServer())
            }
            #expect(server.room.memberCount == 0)
        }
    }

    @Test("a head over 16 KiB is refused with 431 and the connection closes")
    func largeHead() async throws {
        let server = try TestServer()
        try await server.test(.live) { client in
            for line in ["POST /api/join", "GET /api/users"] {
                let raw = try Raw(port: try #require(client.port))
                try raw.write("\(line) HTTP/1.1\r\nHost: x\r\nX-Big: \(String(repeating: "a", count: 17 * 1024))\r\n\r\n")
                let answer = try #require(try await raw.answer(), "\(line)")
                #expect(answer.status == 431)
                #expect(answer.body.contains("headers_too_large"))
                #expect(try await raw.isClosedByServer())
            }
        }
    }
}
