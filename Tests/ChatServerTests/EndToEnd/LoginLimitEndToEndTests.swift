import AdminAPI
import Foundation
import Testing

/// The login limit against the real binary over TCP, from several loopback source addresses (issue 13,
/// points 2 and 3): parallel guesses are counted like serial ones, and strangers cannot lock the owner out.
@Suite("Login limits end to end")
struct LoginLimitEndToEndTests {
    static let password = "correct horse"

    static func makeServer() async throws -> (ServerProcess, Chatctl) {
        let server = try await ServerProcess()
        let chatctl = try Chatctl()
        let made = try await chatctl.run(
            ["accounts", "add", "root", "--role", "admin", "--password-stdin", "--socket", server.socketPath],
            stdin: password + "\n"
        )
        guard made.status == 0 else { throw ServerProcessError(message: "first admin: \(made)") }
        return (server, chatctl)
    }

    static func login(_ server: ServerProcess, from source: String, password: String) async throws -> Int {
        let body = #"{"username":"root","password":"\#(password)"}"#
        return try await LoopbackHTTP.request("POST", port: server.adminPort, path: AdminPaths.login, from: source, json: body).status
    }

    /// Sends every attempt at once and returns the statuses.
    static func inParallel(_ server: ServerProcess, from source: String, passwords: [String]) async throws -> [Int] {
        try await withThrowingTaskGroup(of: Int.self) { group in
            for password in passwords { group.addTask { try await login(server, from: source, password: password) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
    }

    @Test("40 wrong guesses at once: no more reach the password check than 5 in a row would")
    func parallelWrongGuesses() async throws {
        let (server, chatctl) = try await Self.makeServer()
        defer {
            server.stop()
            chatctl.cleanUp()
        }
        let statuses = try await Self.inParallel(server, from: "127.0.0.21", passwords: Array(repeating: "wrong guess", count: 40))
        #expect(statuses.filter { $0 == 401 }.count <= 5, "\(statuses)")
        #expect(statuses.filter { $0 == 429 }.count >= 35, "\(statuses)")
    }

    @Test("29 wrong and 1 right at once: at most 5 wrong ones are checked (the right one, if checked, gives its attempt back)")
    func parallelGuessesWithTheRightOne() async throws {
        let (server, chatctl) = try await Self.makeServer()
        defer {
            server.stop()
            chatctl.cleanUp()
        }
        let statuses = try await Self.inParallel(
            server,
            from: "127.0.0.22",
            passwords: Array(repeating: "wrong guess", count: 29) + [Self.password]
        )
        let wrong = statuses.filter { $0 == 401 }.count
        let right = statuses.filter { $0 == 200 }.count
        #expect(wrong <= 5, "\(statuses)")
        #expect(right <= 1)
        #expect(statuses.filter { $0 == 429 }.count == 30 - wrong - right)
    }

    @Test("strangers' failures do not lock the owner out where they logged in before; the socket always works")
    func strangersCannotLockTheOwnerOut() async throws {
        let (server, chatctl) = try await Self.makeServer()
        defer {
            server.stop()
            chatctl.cleanUp()
        }
        #expect(try await Self.login(server, from: "127.0.0.2", password: Self.password) == 200, "the owner's usual address")
        for index in 0..<12 {
            _ = try await Self.login(server, from: "127.0.0.\(100 + index)", password: "guess \(index)")
        }
        #expect(try await Self.login(server, from: "127.0.0.150", password: Self.password) == 429, "a new address waits out the strangers")
        #expect(try await Self.login(server, from: "127.0.0.2", password: Self.password) == 200, "the owner's address is not held back")
        let local = try await chatctl.run(["whoami", "--socket", server.socketPath])
        #expect(local.status == 0, "\(local)")
    }
}
