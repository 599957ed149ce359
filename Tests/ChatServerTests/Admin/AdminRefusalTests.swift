import AdminAPI
import Foundation
import HTTPTypes
import HummingbirdTesting
import Logging
import NIOCore
import Testing

@testable import ChatServer

/// The smaller findings of issue 13, point 8: what is refused, with which status, and what the audit says.
@Suite("Admin refusals and their audit")
struct AdminRefusalTests {
    func audit(_ server: TestServer) async throws -> [AuditEntry] {
        try await server.app.store.audit(AuditQuery(limit: 100))
    }

    @Test("a moderator asking for root's tokens, or revoking one, gets 403, audited with the target")
    func othersTokens() async throws {
        let server = try TestServer()
        try await server.makeAccount("root", role: .admin)
        try await server.makeAccount("mod", role: .moderator)
        let rootToken = try await server.testAdmin(.router) { client in
            let root = try await client.login("root")
            let mod = try await client.login("mod")
            let listed = try await client.admin(.get, AdminPaths.tokens + "?account=root", token: mod)
            #expect(listed.status == .forbidden)
            #expect(try jsonObject(listed.body).errorCode == "forbidden")
            #expect(try await client.admin(.get, AdminPaths.tokens + "?account=MOD", token: mod).status == .ok, "their own, in any case")
            let mine = try client.decode(TokenList.self, try await client.admin(.get, AdminPaths.tokens, token: root))
            let id = try #require(mine.tokens.first?.id)
            let revoke = try await client.admin(.delete, AdminPaths.token(id), token: mod)
            #expect(revoke.status == .forbidden)
            #expect(try await client.admin(.get, AdminPaths.whoami, token: root).status == .ok, "root's token still works")
            return id
        }
        let lines = try await audit(server)
        #expect(lines.contains { $0.action == "GET /admin/v1/tokens" && $0.actor == "mod" && $0.target == "root" && $0.outcome == "forbidden" })
        #expect(lines.contains { $0.action == "token.revoke" && $0.actor == "mod" && $0.target == rootToken && $0.outcome == "forbidden" })
    }

    @Test("refused creates are audited with the target and what was asked")
    func refusedCreates() async throws {
        let server = try TestServer()
        try await server.makeAccount("mod", role: .moderator)
        try await server.testAdmin(.router) { client in
            let mod = try await client.login("mod")
            let account = try await client.admin(
                .post,
                AdminPaths.accounts,
                json: #"{"username":"eve","password":"long enough","role":"admin"}"#,
                token: mod
            )
            #expect(account.status == .forbidden)
            let override = try await client.admin(.post, "/admin/v1/overrides", json: #"{"target":"10.0.0.0/8","exempt":true}"#, token: mod)
            #expect(override.status == .forbidden)
            let ban = try await client.admin(.post, "/admin/v1/bans", json: #"{"target":"not a target!"}"#, token: mod)
            #expect(ban.status == .badRequest)
            let limits = try await client.admin(.patch, "/admin/v1/limits", json: #"{"host_cap":0}"#, token: mod)
            #expect(limits.status == .forbidden)
        }
        let lines = try await audit(server)
        #expect(lines.contains { $0.action == "account.create" && $0.target == "eve" && $0.outcome == "forbidden" })
        #expect(lines.contains { $0.action == "override.add" && $0.target == "10.0.0.0/8" && $0.reason == "asked: exempt" })
        #expect(lines.contains { $0.action == "ban" && $0.target == "not a target!" && $0.outcome == "invalid_target" })
        #expect(lines.contains { $0.action == "limits.set" && $0.reason == "asked: host cap 0" && $0.outcome == "forbidden" })
    }

    @Test("refused tokens are told apart in the audit: unknown, malformed, revoked (with its id and account)")
    func invalidTokensAreToldApart() async throws {
        let server = try TestServer()
        try await server.makeAccount("root", role: .admin)
        let revokedID = try await server.testAdmin(.router) { client in
            let token = try await client.login("root")
            let id = try client.decode(WhoAmI.self, try await client.admin(.get, AdminPaths.whoami, token: token)).tokenId
            #expect(try await client.admin(.post, AdminPaths.logout, token: token).status == .noContent)
            for presented in [token, "chat_forged", "nonsense"] {
                #expect(try await client.admin(.get, AdminPaths.users, token: presented).status == .unauthorized)
            }
            return try #require(id)
        }
        let reasons = try await audit(server).filter { $0.outcome == "invalid_token" }.compactMap(\.reason)
        #expect(reasons.contains { $0.hasPrefix("token \(revokedID) of root, revoked at ") })
        #expect(reasons.contains { $0.hasPrefix("an unknown token, SHA-256 ") })
        #expect(reasons.contains("a malformed token of 8 bytes"))
    }

    @Test("health, metrics and login ignore a bad token instead of refusing it")
    func openPathsIgnoreTokens() async throws {
        let server = try TestServer()
        try await server.makeAccount("root", role: .admin)
        try await server.testAdmin(.router) { client in
            #expect(try await client.admin(.get, AdminPaths.health, token: "chat_stale").status == .ok)
            #expect(try await client.admin(.get, AdminPaths.metrics, token: "chat_stale").status == .ok)
            let login = try await client.admin(.post, AdminPaths.login, json: #"{"username":"root","password":"long enough"}"#, token: "chat_stale")
            #expect(login.status == .ok)
        }
    }

    @Test("an over-long URL is 414 with the envelope, on both listeners")
    func longURL() async throws {
        let server = try TestServer()
        let path = "/admin/v1/users?x=" + String(repeating: "a", count: 9000)
        try await server.testAdmin(.router) { client in
            let response = try await client.admin(.get, path, token: nil)
            #expect(response.status == .uriTooLong)
            #expect(try jsonObject(response.body).errorCode == "uri_too_long")
        }
        try await server.test(.router) { client in
            let response = try await client.execute(uri: "/api/poll?x=" + String(repeating: "a", count: 9000), method: .get) { $0 }
            #expect(response.status == .uriTooLong)
        }
    }

    @Test("requests the admin listener's parser refuses get the envelope, not an empty 400")
    func parserRefusals() async throws {
        let server = try await ServerProcess()
        defer { server.stop() }
        let cases = [
            ("GET / HTTP/1.1\r\nHost x\r\n\r\n", 400, "bad_request"),
            ("GET /admin/v1/users?x=" + String(repeating: "a", count: 100_000) + " HTTP/1.1\r\nHost: x\r\n\r\n", 431, "headers_too_large"),
        ]
        for (request, status, code) in cases {
            let connection = try RawHTTPConnection(port: server.adminPort)
            try connection.write(request)
            let answer = try #require(try await connection.answer())
            #expect(answer.status == status)
            #expect(answer.headers["connection"]?.lowercased() == "close")
            #expect(try jsonObject(Array(answer.body.utf8)).errorCode == code)
        }
    }

    @Test("the data directory is put back to 0700 at start if it was opened")
    func dataDirectoryIsPrivate() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("chat-private-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        defer { try? FileManager.default.removeItem(at: directory) }
        try ChatServerApp.makePrivate(directory.path, logger: Logger(label: "test"))
        #expect(try FileManager.default.attributesOfItem(atPath: directory.path)[.posixPermissions] as? Int == 0o700)
    }
}
