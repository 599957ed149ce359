import AdminAPI
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOConcurrencyHelpers
import NIOCore

@testable import ChatServer

/// Builds the chat application exactly as it ships, in process, with a clock and timeouts of the test's
/// choosing.
struct TestServer {
    let app: ChatServerApp

    init(
        pollTimeout: TimeInterval = 30,
        idleTimeout: TimeInterval = 90,
        maxBodyBytes: Int = 16 * 1024,
        clock: any ChatClock = SystemClock(),
        store: any ControlStore = MemoryStore(),
        configure: (inout ServerConfiguration) -> Void = { _ in }
    ) throws {
        var configuration = ServerConfiguration()
        configuration.host = "127.0.0.1"
        configuration.port = 0
        configuration.pollTimeout = pollTimeout
        configuration.idleTimeout = idleTimeout
        configuration.maxBodyBytes = maxBodyBytes
        configuration.logLevel = .warning
        configuration.bcryptCost = 4
        configuration.fastLane = TestLane.isFast
        configure(&configuration)
        self.app = try ChatServerApp(configuration: configuration, clock: clock, store: store)
    }

    var room: Room { app.room }

    /// Runs `body` against the chat listener.
    ///
    /// HummingbirdTesting's live client throws `ioOnClosedChannel` from its shutdown when the server
    /// closed its idle connection at that very moment (tests with short keep-alive timeouts meet this). An
    /// error from there, after `body` returned, is not the test's: only errors from `body` itself fail it.
    func test<Value: Sendable>(
        _ setup: TestingSetup,
        _ body: @escaping @Sendable (any TestClientProtocol) async throws -> Value
    ) async throws -> Value {
        let finished = NIOLockedValueBox<Value?>(nil)
        do {
            return try await app.buildChatApplication().test(setup) { client in
                let value = try await body(client)
                finished.withLockedValue { $0 = value }
                return value
            }
        } catch ChannelError.ioOnClosedChannel {
            guard let value = finished.withLockedValue({ $0 }) else { throw ChannelError.ioOnClosedChannel }
            return value
        }
    }

    /// The admin router as the TCP listener serves it.
    func testAdmin<Value>(_ setup: TestingSetup, _ body: @escaping @Sendable (any TestClientProtocol) async throws -> Value) async throws -> Value {
        let responder = app.buildAdminRouter().buildResponder()
        return try await app.buildAdminApplication(responder: responder, address: .hostname("127.0.0.1", port: 0)).test(setup, body)
    }

    /// Makes an account directly, as the first admin would be made through the socket.
    func makeAccount(_ name: String, role: Role, password: String = "long enough") async throws {
        _ = try await app.accounts.createAccount(username: name, password: password, role: role)
    }
}

extension TestClientProtocol {
    @discardableResult
    func post(_ path: String, json: String, token: String? = nil) async throws -> TestResponse {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let token { headers[.authorization] = "Bearer \(token)" }
        return try await execute(uri: path, method: .post, headers: headers, body: ByteBuffer(string: json)) { $0 }
    }

    func get(_ path: String, token: String? = nil) async throws -> TestResponse {
        var headers: HTTPFields = [:]
        if let token { headers[.authorization] = "Bearer \(token)" }
        return try await execute(uri: path, method: .get, headers: headers) { $0 }
    }

    /// Joins and returns the session token and cursor.
    func join(_ nick: String) async throws -> (token: String, cursor: UInt64) {
        let response = try await post("/api/join", json: #"{"nick":"\#(nick)"}"#)
        let body = try jsonObject(response.body)
        guard let token = body["session"] as? String, let cursor = body.cursor else { throw JSONShapeError(text: "\(body)") }
        return (token, cursor)
    }
}

/// A second connection to a live test server, for requests that must run beside a held poll: one HTTP/1.1
/// connection answers its requests in order, so a send behind a held poll on the same connection would wait.
func withConnection<Value: Sendable>(
    to client: any TestClientProtocol,
    _ body: @Sendable (TestClient) async throws -> Value
) async throws -> Value {
    guard let port = client.port else { throw TestClient.Error.connectionNotOpen }
    let connection = TestClient(host: "127.0.0.1", port: port)
    connection.connect()
    do {
        let value = try await body(connection)
        try? await connection.shutdown()
        return value
    } catch {
        try? await connection.shutdown()
        throw error
    }
}

extension TestClient {
    func poll(since: UInt64, token: String) async throws -> PollAnswer {
        // With a Host, as HTTP/1.1 wants (TestClient's own `get` sends none).
        let request = TestClient.Request(
            "/api/poll?since=\(since)",
            method: .get,
            authority: "localhost",
            headers: [.authorization: "Bearer \(token)"]
        )
        let response = try await execute(request)
        return try PollAnswer((response.body ?? ByteBuffer()).readableBytesView)
    }
}

extension TestClientProtocol {
    /// An admin request with a JSON body and a token.
    @discardableResult
    func admin(_ method: HTTPRequest.Method, _ path: String, json: String? = nil, token: String?) async throws -> TestResponse {
        var headers: HTTPFields = [:]
        if let token { headers[.authorization] = "Bearer \(token)" }
        if json != nil { headers[.contentType] = "application/json" }
        return try await execute(uri: path, method: method, headers: headers, body: json.map { ByteBuffer(string: $0) }) { $0 }
    }

    /// Logs in and returns the token.
    func login(_ username: String, password: String = "long enough") async throws -> String {
        let response = try await admin(.post, AdminPaths.login, json: #"{"username":"\#(username)","password":"\#(password)"}"#, token: nil)
        guard let token = try jsonObject(response.body)["token"] as? String else { throw JSONShapeError(text: String(buffer: response.body)) }
        return token
    }

    /// Decodes an admin answer.
    func decode<T: Decodable>(_ type: T.Type, _ response: TestResponse) throws -> T {
        try AdminJSON.decoder().decode(T.self, from: Data(response.body.readableBytesView))
    }
}
