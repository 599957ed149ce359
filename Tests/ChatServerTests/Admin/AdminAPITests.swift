import AdminAPI
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

@testable import ChatServer

/// The admin API as the TCP listener serves it, with the in-memory store.
@Suite("Admin API")
struct AdminAPITests {
    @Test("login gives a token that works; whoami says who")
    func login() async throws {
        let server = try TestServer()
        try await server.makeAccount("root", role: .admin)
        try await server.testAdmin(.router) { client in
            let response = try await client.admin(.post, AdminPaths.login, json: #"{"username":"root","password":"long enough"}"#, token: nil)
            #expect(response.status == .ok)
            let login = try client.decode(LoginResponse.self, response)
            #expect(login.role == .admin)
            #expect(login.expiresAt > Date())
            let me = try client.decode(WhoAmI.self, try await client.admin(.get, AdminPaths.whoami, token: login.token))
            #expect(me.actor == "root")
            #expect(me.role == .admin)
        }
    }

    @Test("wrong passwords, missing, bad and revoked tokens are refused with 401 and audited")
    func refusals() async throws {
        let server = try TestServer()
        try await server.makeAccount("root", role: .admin)
        try await server.testAdmin(.router) { client in
            let wrong = try await client.admin(.post, AdminPaths.login, json: #"{"username":"root","password":"not the one"}"#, token: nil)
            #expect(wrong.status == .unauthorized)
            #expect(try jsonObject(wrong.body).errorCode == "invalid_credentials")
            let missing = try await client.admin(.get, AdminPaths.users, token: nil)
            #expect(missing.status == .unauthorized)
            #expect(try jsonObject(missing.body).errorCode == "unauthorized")
            #expect(try await client.admin(.get, AdminPaths.users, token: "chat_forged").status == .unauthorized)
            let token = try await client.login("root")
            #expect(try await client.admin(.post, AdminPaths.logout, token: token).status == .noContent)
            let revoked = try await client.admin(.get, AdminPaths.users, token: token)
            #expect(revoked.status == .unauthorized)
            #expect(try jsonObject(revoked.body).errorCode == "invalid_token")

            let admin = try await client.login("root")
            let page = try client.decode(AuditPage.self, try await client.admin(.get, AdminPaths.audit + "?limit=20", token: admin))
            let outcomes = page.entries.map { "\($0.action) \($0.actor) \($0.outcome)" }
            #expect(outcomes.contains("login anonymous invalid_credentials"), "a failed login is not the account it named")
            #expect(page.entries.contains { $0.action == "login" && $0.outcome == "invalid_credentials" && $0.target == "root" })
            #expect(outcomes.contains("GET /admin/v1/users anonymous unauthorized"))
            #expect(outcomes.contains("GET /admin/v1/users anonymous invalid_token"))
            #expect(outcomes.contains("logout root ok"))
        }
    }

    @Test("a moderator is refused on accounts, allowed on people, and the refusal is audited")
    func roles() async throws {
        let server = try TestServer()
        try await server.makeAccount("root", role: .admin)
        try await server.makeAccount("mod", role: .moderator)
        try await server.testAdmin(.router) { client in
            let mod = try await client.login("mod")
            let list = try await client.admin(.get, AdminPaths.accounts, token: mod)
            #expect(list.status == .forbidden)
            #expect(try jsonObject(list.body).errorCode == "forbidden")
            let create = try await client.admin(
                .post,
                AdminPaths.accounts,
                json: #"{"username":"x","password":"long enough","role":"admin"}"#,
                token: mod
            )
            #expect(create.status == .forbidden)
            #expect(try await client.admin(.get, AdminPaths.users, token: mod).status == .ok)
            #expect(try await client.admin(.get, AdminPaths.stats, token: mod).status == .ok)
            let root = try await client.login("root")
            let audit = try client.decode(AuditPage.self, try await client.admin(.get, AdminPaths.audit + "?actor=mod", token: root))
            #expect(audit.entries.contains { $0.action == "account.create" && $0.outcome == "forbidden" })
            #expect(try await server.app.store.account(named: "x") == nil, "the refused change did not happen")
        }
    }

    @Test("accounts: create, refuse a duplicate, change role and password, keep the last admin")
    func accounts() async throws {
        let server = try TestServer()
        try await server.makeAccount("root", role: .admin)
        try await server.testAdmin(.router) { client in
            let root = try await client.login("root")
            let created = try await client.admin(
                .post,
                AdminPaths.accounts,
                json: #"{"username":"Mod1","password":"long enough","role":"moderator"}"#,
                token: root
            )
            #expect(created.status == .created)
            let duplicate = try await client.admin(
                .post,
                AdminPaths.accounts,
                json: #"{"username":"mod1","password":"long enough","role":"moderator"}"#,
                token: root
            )
            #expect(duplicate.status == .conflict)
            #expect(try jsonObject(duplicate.body).errorCode == "account_exists")
            let weak = try await client.admin(
                .post,
                AdminPaths.accounts,
                json: #"{"username":"m2","password":"short","role":"moderator"}"#,
                token: root
            )
            #expect(try jsonObject(weak.body).errorCode == "weak_password")
            let badRole = try await client.admin(
                .post,
                AdminPaths.accounts,
                json: #"{"username":"m2","password":"long enough","role":"god"}"#,
                token: root
            )
            #expect(badRole.status == .badRequest)
            let promoted = try await client.admin(.patch, AdminPaths.account("mod1"), json: #"{"role":"admin"}"#, token: root)
            #expect(try client.decode(AccountInfo.self, promoted).role == .admin)
            #expect(try await client.admin(.patch, AdminPaths.account("mod1"), json: #"{"password":"another one!"}"#, token: root).status == .ok)
            _ = try await client.login("mod1", password: "another one!")
            #expect(try await client.admin(.delete, AdminPaths.account("mod1"), token: root).status == .noContent)
            let last = try await client.admin(.delete, AdminPaths.account("root"), token: root)
            #expect(last.status == .conflict)
            #expect(try jsonObject(last.body).errorCode == "last_admin")
            #expect(try await client.admin(.get, AdminPaths.account("ghost"), token: root).status == .notFound)
        }
    }

    @Test("API tokens: shown once, listed without their secret, revocable")
    func tokens() async throws {
        let server = try TestServer()
        try await server.makeAccount("root", role: .admin)
        try await server.makeAccount("mod", role: .moderator)
        try await server.testAdmin(.router) { client in
            let mod = try await client.login("mod")
            let created = try client.decode(
                CreatedToken.self,
                try await client.admin(.post, AdminPaths.tokens, json: #"{"name":"ci script","expires_in":3600}"#, token: mod)
            )
            #expect(created.info.account == "mod")
            #expect(created.info.kind == .api)
            let listed = try await client.admin(.get, AdminPaths.tokens, token: created.token)
            #expect(listed.status == .ok)
            #expect(!String(buffer: listed.body).contains(created.token), "secrets are never listed")
            let others = try await client.admin(.post, AdminPaths.tokens, json: #"{"name":"x","account":"root"}"#, token: mod)
            #expect(others.status == .forbidden, "a moderator cannot mint tokens for others")
            #expect(try await client.admin(.delete, AdminPaths.token(created.info.id), token: mod).status == .noContent)
            #expect(try await client.admin(.get, AdminPaths.whoami, token: created.token).status == .unauthorized)
            let badLifetime = try await client.admin(.post, AdminPaths.tokens, json: #"{"name":"x","expires_in":-5}"#, token: mod)
            #expect(badLifetime.status == .badRequest)
        }
    }

    @Test("repeated failed logins are refused with 429 and Retry-After, even with the right password")
    func throttled() async throws {
        let server = try TestServer()
        try await server.makeAccount("root", role: .admin)
        try await server.testAdmin(.router) { client in
            for _ in 0..<5 {
                _ = try await client.admin(.post, AdminPaths.login, json: #"{"username":"root","password":"nope nope nope"}"#, token: nil)
            }
            let blocked = try await client.admin(.post, AdminPaths.login, json: #"{"username":"root","password":"long enough"}"#, token: nil)
            #expect(blocked.status == .tooManyRequests)
            #expect(Int(blocked.headers[.retryAfter] ?? "") ?? 0 > 0)
            #expect(try jsonObject(blocked.body).errorCode == "too_many_attempts")
        }
    }

    @Test("bad admin bodies get the envelope and a 4xx", arguments: ["{", "[]", #"{"username":1}"#, "", #"{"username":"root"}"#])
    func badBodies(_ body: String) async throws {
        let server = try TestServer()
        try await server.testAdmin(.router) { client in
            let response = try await client.admin(.post, AdminPaths.login, json: body, token: nil)
            #expect(response.status == .badRequest)
            #expect(try jsonObject(response.body).errorCode == "invalid_json")
        }
    }

    @Test("metrics and health need no token; unknown paths and methods are told apart")
    func openRoutes() async throws {
        let server = try TestServer()
        try await server.testAdmin(.router) { client in
            let metrics = try await client.admin(.get, AdminPaths.metrics, token: nil)
            #expect(metrics.status == .ok)
            #expect(String(buffer: metrics.body).contains("chat_held_polls"))
            #expect(try await client.admin(.get, AdminPaths.health, token: nil).status == .ok)
            #expect(try await client.admin(.get, "/admin/v1/nothing", token: nil).status == .unauthorized, "nothing is revealed before login")
        }
    }

    @Test("kick ends the person's held poll at once with the reason and reconnect false")
    func kickEndsHeldPoll() async throws {
        let server = try TestServer()
        try await server.makeAccount("mod", role: .moderator)
        try await server.test(.live) { chat in
            let (token, _) = try await chat.join("victim")
            let (watcher, _) = try await chat.join("watcher")
            let cursor = server.room.postOffice.lastSeq
            try await withConnection(to: chat) { poller in
                let poll = Task { try await poller.poll(since: cursor, token: token) }
                #expect(await eventually { server.room.postOffice.heldPolls == 1 })
                try await server.testAdmin(.router) { admin in
                    let mod = try await admin.login("mod")
                    let kicked = try await admin.admin(.post, AdminPaths.kick("victim"), json: #"{"reason":"spam"}"#, token: mod)
                    #expect(kicked.status == .ok)
                    let missing = try await admin.admin(.post, AdminPaths.kick("victim"), json: "", token: mod)
                    #expect(missing.status == .notFound)
                    #expect(try jsonObject(missing.body).errorCode == "user_not_found")
                }
                let events = try await poll.value.events
                #expect(events.map(\.type) == ["kick"])
                #expect(events.first?.reason == "spam")
                #expect(events.first?.reconnect == false)
            }
            let seen = try await withConnection(to: chat) { try await $0.poll(since: cursor, token: watcher) }
            let kick = try #require(seen.events.first { $0.type == "kick" })
            #expect(kick.nick == "victim")
            #expect(kick.reason == "spam")
            #expect(kick.reconnect == nil)
            #expect(try await chat.post("/api/send", json: #"{"text":"back?"}"#, token: token).status == .unauthorized)
        }
        let audit = try await server.app.store.audit(AuditQuery(action: "kick"))
        #expect(
            audit.map { "\($0.actor) \($0.target ?? "") \($0.reason ?? "") \($0.outcome)" } == ["mod victim  user_not_found", "mod victim spam ok"]
        )
    }

    @Test("the event stream returns room and moderation events after a cursor, with the actor")
    func events() async throws {
        let server = try TestServer()
        try await server.makeAccount("root", role: .admin)
        _ = try server.room.join(nick: "alice", host: "127.0.0.1")
        try server.room.announce("maintenance at noon", actor: "root")
        try await server.testAdmin(.router) { client in
            let root = try await client.login("root")
            let batch = try client.decode(EventBatch.self, try await client.admin(.get, AdminPaths.events + "?since=0", token: root))
            #expect(batch.events.map(\.type) == ["join", "announcement"])
            #expect(batch.events.last?.actor == "root")
            #expect(batch.cursor == 2)
        }
    }
}
