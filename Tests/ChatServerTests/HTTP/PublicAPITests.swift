import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

@testable import ChatServer

@Suite("Public chat API")
struct PublicAPITests {
    @Test("join, send and poll round-trip through the router")
    func roundTrip() async throws {
        try await TestServer().test(.router) { client in
            let (token, cursor) = try await client.join("alice")
            let sent = try await client.post("/api/send", json: #"{"text":"hello"}"#, token: token)
            #expect(sent.status == .accepted)
            let poll = try await client.get("/api/poll?since=\(cursor)", token: token)
            #expect(poll.status == .ok)
            #expect(poll.headers[.contentType] == "application/json; charset=utf-8")
            let events = try jsonObject(poll.body).events
            #expect(events.map { $0["type"] as? String } == ["join", "message"])
            #expect(events.last?["text"] as? String == "hello")
            #expect(events.last?["nick"] as? String == "alice")
        }
    }

    @Test("the join response carries session, nick, cursor, users and history")
    func joinShape() async throws {
        try await TestServer().test(.router) { client in
            let first = try await client.join("first")
            try await client.post("/api/send", json: #"{"text":"earlier"}"#, token: first.token)
            let response = try await client.post("/api/join", json: #"{"nick":"second"}"#)
            #expect(response.status == .created)
            let body = try jsonObject(response.body)
            #expect(body["nick"] as? String == "second")
            #expect((body["session"] as? String)?.count == 64)
            #expect(body.cursor == 2)
            #expect((body["users"] as? [[String: Any]])?.compactMap { $0["nick"] as? String } == ["first", "second"])
            #expect(body["users_total"] as? Int == 2)
            #expect((body["history"] as? [[String: Any]])?.compactMap { $0["text"] as? String } == ["earlier"])
            let users = try jsonObject(try await client.get("/api/users").body)
            let listed = users["users"] as? [[String: Any]]
            #expect(listed?.count == 2)
            #expect(listed?.first?["host"] == nil, "addresses are not public")
        }
    }

    /// Each bad request: method, path, body, and the status and code it must get.
    static let badRequests: [(HTTPRequest.Method, String, String?, HTTPResponse.Status, String)] = [
        (.post, "/api/join", "{", .badRequest, "invalid_json"),
        (.post, "/api/join", "[1,2]", .badRequest, "invalid_json"),
        (.post, "/api/join", "\"alice\"", .badRequest, "invalid_json"),
        (.post, "/api/join", "{}", .badRequest, "invalid_json"),
        (.post, "/api/join", #"{"nick": 42}"#, .badRequest, "invalid_json"),
        (.post, "/api/join", #"{"nick": null}"#, .badRequest, "invalid_json"),
        (.post, "/api/join", "", .badRequest, "invalid_json"),
        (.post, "/api/join", #"{"nick": "has space"}"#, .badRequest, "invalid_nick"),
        (.post, "/api/join", #"{"nick": "waytoolongnickname"}"#, .badRequest, "invalid_nick"),
        (.post, "/api/join", #"{"nick": "<script>"}"#, .badRequest, "invalid_nick"),
        (.post, "/api/join", #"{"nick": ""}"#, .badRequest, "invalid_nick"),
        (.get, "/api/join", nil, .methodNotAllowed, "method_not_allowed"),
        (.delete, "/api/poll", nil, .methodNotAllowed, "method_not_allowed"),
        (.get, "/api/nothing", nil, .notFound, "not_found"),
        (.get, "/favicon.ico", nil, .notFound, "not_found"),
        (.get, "/api/poll", nil, .unauthorized, "missing_session"),
        (.post, "/api/send", #"{"text":"hi"}"#, .unauthorized, "missing_session"),
        (.post, "/api/leave", nil, .unauthorized, "missing_session"),
    ]

    @Test("bad requests get the error envelope and a 4xx, never a 5xx", arguments: 0..<badRequests.count)
    func badRequest(_ index: Int) async throws {
        let (method, path, body, status, code) = Self.badRequests[index]
        try await TestServer().test(.router) { client in
            let response = try await client.execute(uri: path, method: method, body: body.map { ByteBuffer(string: $0) }) { $0 }
            #expect(response.status == status, "\(method) \(path) \(body ?? "")")
            #expect(try jsonObject(response.body).errorCode == code)
            let message = (try jsonObject(response.body)["error"] as? [String: Any])?["message"] as? String
            #expect(message?.isEmpty == false)
        }
    }

    @Test("405 says which methods are allowed")
    func allowHeader() async throws {
        try await TestServer().test(.router) { client in
            let response = try await client.execute(uri: "/api/send", method: .get) { $0 }
            #expect(response.status == .methodNotAllowed)
            #expect(response.headers[.allow] == "POST")
        }
    }

    @Test("a body over the limit gets 413 and changes nothing")
    func tooLarge() async throws {
        try await TestServer(maxBodyBytes: 1024).test(.router) { client in
            let huge = #"{"nick":"\#(String(repeating: "a", count: 5000))"}"#
            let response = try await client.post("/api/join", json: huge)
            #expect(response.status == .contentTooLarge)
            #expect(try jsonObject(response.body).errorCode == "body_too_large")
            let users = try jsonObject(try await client.get("/api/users").body)["users"] as? [Any]
            #expect(users?.isEmpty == true)
        }
    }

    @Test("invalid UTF-8 is refused as invalid JSON")
    func invalidUTF8() async throws {
        try await TestServer().test(.router) { client in
            var body = ByteBuffer(string: #"{"nick":""#)
            body.writeBytes([0xFF, 0xFE, 0x41])
            body.writeString(#""}"#)
            let response = try await client.execute(uri: "/api/join", method: .post, body: body) { $0 }
            #expect(response.status == .badRequest)
            #expect(try jsonObject(response.body).errorCode == "invalid_json")
        }
    }

    @Test("a taken nick is refused with nick_taken, regardless of case")
    func nickTaken() async throws {
        try await TestServer().test(.router) { client in
            _ = try await client.join("Alice")
            let response = try await client.post("/api/join", json: #"{"nick":"aLiCe"}"#)
            #expect(response.status == .conflict)
            #expect(try jsonObject(response.body).errorCode == "nick_taken")
        }
    }

    @Test(
        "bad messages are refused with invalid_message and never reach the room",
        arguments: [#""""#, #""   ""#, #""a\nb""#, #""bell\u0007""#, "\"\(String(repeating: "x", count: 501))\""]
    )
    func badMessages(_ text: String) async throws {
        try await TestServer().test(.router) { client in
            let (token, cursor) = try await client.join("alice")
            let response = try await client.post("/api/send", json: #"{"text":\#(text)}"#, token: token)
            #expect(response.status == .badRequest)
            #expect(try jsonObject(response.body).errorCode == "invalid_message")
            let poll = try jsonObject(try await client.get("/api/poll?since=\(cursor)", token: token).body)
            #expect(poll.events.map { $0["type"] as? String } == ["join"])
        }
    }

    @Test("an unknown session gets 401 on poll, send and leave")
    func unknownSession() async throws {
        try await TestServer().test(.router) { client in
            let bogus = String(repeating: "0", count: 64)
            #expect(try await client.get("/api/poll?since=0", token: bogus).status == .unauthorized)
            #expect(try await client.post("/api/send", json: #"{"text":"x"}"#, token: bogus).status == .unauthorized)
            let leave = try await client.post("/api/leave", json: "", token: bogus)
            #expect(leave.status == .unauthorized)
            #expect(try jsonObject(leave.body).errorCode == "unknown_session")
        }
    }

    @Test("a malformed cursor is refused")
    func badSince() async throws {
        try await TestServer().test(.router) { client in
            let (token, _) = try await client.join("alice")
            for since in ["-1", "abc", "1.5", "99999999999999999999999"] {
                let response = try await client.get("/api/poll?since=\(since)", token: token)
                #expect(response.status == .badRequest)
                #expect(try jsonObject(response.body).errorCode == "invalid_since")
            }
        }
    }

    @Test("leave ends the session: 204, then 401")
    func leave() async throws {
        try await TestServer().test(.router) { client in
            let (token, _) = try await client.join("alice")
            #expect(try await client.post("/api/leave", json: "", token: token).status == .noContent)
            #expect(try await client.post("/api/send", json: #"{"text":"x"}"#, token: token).status == .unauthorized)
        }
    }

    @Test("the page, its script and style are served with a strict content security policy")
    func page() async throws {
        try await TestServer().test(.router) { client in
            let page = try await client.get("/")
            #expect(page.status == .ok)
            #expect(page.headers[.contentType] == "text/html; charset=utf-8")
            #expect(page.headers[.contentSecurityPolicy]?.contains("script-src 'self'") == true)
            let html = String(buffer: page.body)
            #expect(html.contains(#"<script src="/chat.js" defer></script>"#))
            #expect(!html.contains("http://") && !html.contains("https://"), "no CDN")
            #expect(try await client.get("/chat.js").headers[.contentType] == "text/javascript; charset=utf-8")
            #expect(try await client.get("/chat.css").status == .ok)
        }
    }
}
