import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// A chat client over real HTTP (AsyncHTTPClient), one per person in a test.
struct ChatHTTPClient: Sendable {
    let baseURL: String
    /// The HTTP client it goes through: the shared one, or one that trusts a test's certificate.
    let client: HTTPClient
    var token: String?
    var cursor: UInt64 = 0

    init(baseURL: String, client: HTTPClient = .shared) {
        self.baseURL = baseURL
        self.client = client
    }

    struct Reply: Sendable {
        let status: Int
        let headers: HTTPHeaders
        let body: [UInt8]
        var errorCode: String? { (try? jsonObject(body))?.errorCode }
    }

    func request(_ method: HTTPMethod, _ path: String, json: String? = nil, timeout: TimeAmount = .seconds(60)) async throws -> Reply {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = method
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        if let json {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: json))
        }
        let response = try await client.execute(request, timeout: timeout)
        let body = try await response.body.collect(upTo: 1 << 22)
        return Reply(status: Int(response.status.code), headers: response.headers, body: Array(body.readableBytesView))
    }

    /// Joins under `nick`, keeping the token and cursor.
    mutating func join(_ nick: String) async throws {
        let reply = try await request(.POST, "/api/join", json: #"{"nick":"\#(nick)"}"#)
        guard reply.status == 201 else {
            throw ServerProcessError(message: "join \(nick): \(reply.status) \(String(decoding: reply.body, as: UTF8.self))")
        }
        let body = try jsonObject(reply.body)
        token = body["session"] as? String
        cursor = body.cursor ?? 0
    }

    /// One poll from the current cursor, moving it on.
    mutating func poll(timeout: TimeAmount = .seconds(60)) async throws -> [PolledEvent] {
        let reply = try await request(.GET, "/api/poll?since=\(cursor)", timeout: timeout)
        guard reply.status == 200 else { throw ServerProcessError(message: "poll: \(reply.status) \(String(decoding: reply.body, as: UTF8.self))") }
        let answer = try PollAnswer(reply.body)
        cursor = answer.cursor
        return answer.events
    }

    @discardableResult
    func send(_ text: String) async throws -> Reply {
        let data = try JSONSerialization.data(withJSONObject: ["text": text])
        return try await request(.POST, "/api/send", json: String(decoding: data, as: UTF8.self))
    }

    /// ``collect(_:types:limit:)`` from the current cursor in a task of its own, for a test that must act
    /// while this client listens.
    func collecting(_ count: Int, types: Set<String>? = nil, limit: Int = 50) -> Task<[PolledEvent], any Error> {
        let listener = self
        return Task {
            var listener = listener
            return try await listener.collect(count, types: types, limit: limit)
        }
    }

    /// Polls until `count` events of the given types have arrived (or `limit` polls were made).
    mutating func collect(_ count: Int, types: Set<String>? = nil, limit: Int = 50) async throws -> [PolledEvent] {
        var seen: [PolledEvent] = []
        for _ in 0..<limit where seen.count < count {
            seen += try await poll().filter { types == nil || types!.contains($0.type) }
        }
        return seen
    }
}
