import AdminAPI
import Foundation
import Logging
import NIOConcurrencyHelpers
import PostgresNIO
import Testing

@testable import ChatServer

/// What only the PostgreSQL store has to show: migrations under a lock, a newer schema refused, the admins'
/// lock, and a server that goes away and comes back. (The rules every store keeps are in ControlStoreTests.)
@Suite("PostgreSQL store", .enabled(if: PostgresServer.isRequired))
struct PostgresStoreTests {
    let logger = Logger(label: "test.postgres")
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    func account(_ name: String, _ role: Role = .moderator) -> StoredAccount {
        StoredAccount(username: name, role: role, passwordHash: "$2b$04$hash", createdAt: now, lastLoginAt: nil)
    }

    @Test("nodes starting at once migrate once: the second waits on the lock, then finds the schema done")
    func migrationsUnderLock() async throws {
        let server = try #require(try await PostgresServer.shared)
        let address = try await server.makeDatabase()
        let stores = try await withThrowingTaskGroup(of: PostgresStore.self) { group in
            for _ in 0..<4 { group.addTask { try await PostgresStore.open(address, logger: logger) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(try await server.psql(address.database, "SELECT count(*) FROM chat_schema") == "\(PostgresStore.schemaVersion)\n")
        try await stores[0].createAccount(account("root", .admin))
        #expect(try await stores[3].account(named: "ROOT")?.username == "root")
        for store in stores { await store.close() }
    }

    @Test("a database a newer chat-server migrated is refused in words, and left as it was")
    func newerSchemaRefused() async throws {
        let server = try #require(try await PostgresServer.shared)
        let address = try await server.makeDatabase()
        await (try await PostgresStore.open(address, logger: logger)).close()
        _ = try await server.psql(address.database, "INSERT INTO chat_schema VALUES (99, 'from the future', 0)")
        let error = await #expect(throws: StoreError.self) { try await PostgresStore.open(address, logger: logger) }
        #expect(error?.kind == .incompatible)
        #expect(error?.message.contains("version 99") == true, "\(String(describing: error))")
        #expect(try await server.psql(address.database, "SELECT max(version) FROM chat_schema") == "99\n")
    }

    @Test("a committed ban, lift or rule wakes every node listening on the database; an account or a rolled-back change does not")
    func wakeUps() async throws {
        let server = try #require(try await PostgresServer.shared)
        let address = try await server.makeDatabase()
        let (here, there) = (try await PostgresStore.open(address, logger: logger), try await PostgresStore.open(address, logger: logger))
        let heard = NIOLockedValueBox<[String]>([])
        let listening = Task { await there.watchChanges { change in heard.withLockedValue { $0.append(change?.rawValue ?? "listening") } } }
        #expect(await eventually { heard.withLockedValue { $0 } == ["listening"] })

        let ban = Sanction(
            id: "ban_1",
            kind: .ban,
            target: "alice",
            address: nil,
            publicReason: nil,
            privateReason: nil,
            actor: "mia",
            createdAt: now,
            expiresAt: nil
        )
        try await here.saveSanction(ban)
        try await here.createAccount(account("mia"))
        await #expect(throws: StoreError.self) { try await here.saveSanction(ban) }  // the same id: rolled back
        _ = try await here.liftSanction(id: "ban_1", at: now, by: "mia")
        try await here.saveRule(AutomodRule(id: "rule_1", kind: .links, limit: 3, action: .refuse, actor: "mia", createdAt: now))
        // Notifications from one session arrive in commit order: had the account or the refused ban sent
        // one, it would stand between these.
        #expect(await eventually { heard.withLockedValue { $0 } == ["listening", "moderation", "moderation", "rules"] })
        listening.cancel()
        await listening.value
        await here.close()
        await there.close()
    }

    @Test("two admins demoted at once: one is, the other stays, as the last admin")
    func lastAdminUnderConcurrency() async throws {
        let server = try #require(try await PostgresServer.shared)
        let store = try await server.makeStore()
        defer { Task { await store.close() } }
        for round in 0..<5 {
            let (first, second) = ("a\(round)", "b\(round)")
            try await store.createAccount(account(first, .admin))
            try await store.createAccount(account(second, .admin))
            // Only these two are admins this round: the previous round left one, demoted here first.
            for other in try await store.accounts() where other.role == .admin && ![first, second].contains(other.username) {
                _ = try await store.updateAccount(named: other.username, role: .moderator, passwordHash: nil)
            }
            async let demoteFirst = Self.outcome { try await store.updateAccount(named: first, role: .moderator, passwordHash: nil) }
            async let demoteSecond = Self.outcome { try await store.updateAccount(named: second, role: .moderator, passwordHash: nil) }
            let results = await [demoteFirst, demoteSecond]
            let refused = results.filter { if case .failure(let error as StoreError) = $0 { error.kind == .lastAdmin } else { false } }
            #expect(refused.count == 1, "round \(round): \(results)")
            #expect(try await store.accounts().filter { $0.role == .admin }.count == 1)
        }
    }

    static func outcome<T: Sendable>(_ body: @Sendable () async throws -> T) async -> Result<T, any Error> {
        do { return .success(try await body()) } catch { return .failure(error) }
    }

    @Test("a password over TCP (SCRAM), and a wrong one refused with a message that does not show it")
    func passwordOverTCP() async throws {
        let server = try #require(try await PostgresServer.shared)
        var address = try await server.makeDatabase(overTCP: true)
        let store = try await PostgresStore.open(address, logger: logger)
        try await store.createAccount(account("root", .admin))
        await store.close()
        address.password = "not-the-password"
        let error = await #expect(throws: StoreError.self) { try await PostgresStore.open(address, logger: logger) }
        #expect(error?.kind == .unavailable)
        #expect(error?.message.contains("127.0.0.1") == true, "\(String(describing: error))")
        #expect(error?.message.contains("not-the-password") == false)
    }

    @Test("PostgreSQL stopped: calls fail as unavailable within the connect timeout, counted, health down; back by itself")
    func serverGoneAndBack() async throws {
        let server = try await PostgresServer.startNew()
        defer { server.remove() }
        var address = try await server.makeDatabase()
        address.connectTimeout = 4
        let store = try await PostgresStore.open(address, logger: logger)
        defer { Task { await store.close() } }
        try await store.createAccount(account("root", .admin))
        await server.stop()
        let clock = ContinuousClock()
        let started = clock.now
        let error = await #expect(throws: StoreError.self) { try await store.createAccount(account("alice")) }
        #expect(error?.kind == .unavailable)
        #expect(clock.now - started < .seconds(20), "refused within the connect timeout, not held")
        #expect(store.unavailableCount >= 1)
        #expect(await !store.ping())
        try await server.start()
        #expect(await eventually(within: .seconds(30)) { await store.ping() }, "the pool connects again by itself")
        try await store.createAccount(account("alice"))
        #expect(try await store.accounts().map(\.username) == ["alice", "root"])
    }

    @Test("a call with a connection and no answer within its limit is answered anyway, its session ended; the store goes on")
    func unansweredCallBounded() async throws {
        let server = try #require(try await PostgresServer.shared)
        let address = try await server.makeDatabase()
        let store = try await PostgresStore.open(address, logger: logger)
        defer { Task { await store.close() } }
        let logger = logger
        let clock = ContinuousClock()
        let started = clock.now
        // A statement that outlasts the limit stands in for a query postgres-nio never answers.
        let change = await #expect(throws: StoreError.self) {
            try await store.write(limit: 1) { connection in try await connection.query("SELECT pg_sleep(60)", logger: logger).collect().count }
        }
        #expect(change?.kind == .unavailable)
        #expect(change?.message.contains("may or may not have been made") == true, "\(String(describing: change))")
        #expect(clock.now - started < .seconds(30), "answered at its limit, not after the statement")
        // More of them than the pool has connections: each one's connection is closed and replaced.
        await withTaskGroup(of: Void.self) { group in
            for _ in 0...address.poolSize {
                group.addTask {
                    _ = try? await store.read(limit: 1) { connection in
                        try await connection.query("SELECT pg_sleep(60)", logger: logger).collect().count
                    }
                }
            }
        }
        try await store.createAccount(account("alice"))
        #expect(try await store.accounts().map(\.username) == ["alice"])
        let ended = await eventually(within: .seconds(20)) {
            let sleeping = try? await server.psql(
                address.database,
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'SELECT pg_sleep%'"
            )
            return sleeping == "0\n"
        }
        #expect(ended, "PostgreSQL sees each given-up session close and ends it")
    }

    @Test("a change made while PostgreSQL restarts either lands or is refused, never half; the store goes on after")
    func restartDuringChanges() async throws {
        let server = try await PostgresServer.startNew()
        defer { server.remove() }
        let address = try await server.makeDatabase()
        let store = try await PostgresStore.open(address, logger: logger)
        defer { Task { await store.close() } }
        try await store.createAccount(account("root", .admin))
        // Changes in a stream, each a token with an account check; a restart in the middle of them.
        let outcomes = try await withThrowingTaskGroup(of: [(String, Bool)].self) { group in
            group.addTask {
                var outcomes: [(String, Bool)] = []
                for index in 0..<300 {
                    let id = "tok_\(index)"
                    let token = StoredToken(
                        id: id,
                        hash: "hash-\(index)",
                        name: "n",
                        account: "root",
                        kind: .api,
                        createdAt: now,
                        expiresAt: nil,
                        lastUsedAt: nil,
                        revokedAt: nil
                    )
                    do {
                        try await store.createToken(token)
                        outcomes.append((id, true))
                    } catch let error as StoreError where error.kind == .unavailable {
                        outcomes.append((id, false))
                    }
                    try await Task.sleep(for: .milliseconds(5))
                }
                return outcomes
            }
            group.addTask {
                try await Task.sleep(for: .milliseconds(300))
                try await server.restart()
                return []
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        let stored = Set(try await server.psql(address.database, "SELECT id FROM token").split(separator: "\n").map(String.init))
        let acknowledged = Set(outcomes.filter(\.1).map(\.0))
        #expect(acknowledged.isSubset(of: stored), "every acknowledged change is kept: \(acknowledged.subtracting(stored))")
        #expect(outcomes.contains { !$0.1 } || acknowledged.count == 300, "the restart was seen, or every change landed")
        #expect(try await store.tokens(account: "root", validAt: now).count == stored.count, "and the store reads them all after")
    }
}
