import AdminAPI
import Foundation
import Testing

@testable import ChatServer

/// The same rules for every store: the SQLite one in a real file, a real PostgreSQL server (started for the
/// tests, ``PostgresServer``), and the in-memory twin used by other tests.
@Suite("Control store")
struct ControlStoreTests {
    enum Kind: String, CaseIterable, CustomStringConvertible {
        case sqlite, postgres, memory
        var description: String { rawValue }

        /// Those that can run here: PostgreSQL where it is installed, and always in CI (which installs it), so
        /// that a CI machine without it fails rather than skips.
        static var available: [Kind] { allCases.filter { $0 != .postgres || PostgresServer.isRequired } }
    }

    /// A fresh store and a clean-up for it.
    static func make(_ kind: Kind) async throws -> (any ControlStore, () -> Void) {
        switch kind {
        case .memory:
            return (MemoryStore(), {})
        case .postgres:
            let server = try #require(try await PostgresServer.shared)
            let store = try await server.makeStore()
            return (store, { Task { await store.close() } })
        case .sqlite:
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("chat-store-\(UUID())")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let store = try SQLiteStore(path: directory.appendingPathComponent("chat.sqlite").path)
            return (store, { try? FileManager.default.removeItem(at: directory) })
        }
    }

    let now = Date(timeIntervalSince1970: 1_800_000_000)

    func account(_ name: String, _ role: Role = .moderator) -> StoredAccount {
        StoredAccount(username: name, role: role, passwordHash: "$2b$04$hash", createdAt: now, lastLoginAt: nil)
    }

    func token(_ id: String, account: String, expires: Date? = nil) -> StoredToken {
        StoredToken(
            id: id,
            hash: "hash-\(id)",
            name: "n",
            account: account,
            kind: .api,
            createdAt: now,
            expiresAt: expires,
            lastUsedAt: nil,
            revokedAt: nil
        )
    }

    @Test("accounts are unique without regard to case", arguments: Kind.available)
    func uniqueAccounts(_ kind: Kind) async throws {
        let (store, cleanup) = try await Self.make(kind)
        defer { cleanup() }
        try await store.createAccount(account("Alice", .admin))
        await #expect(throws: StoreError.self) { try await store.createAccount(account("alice")) }
        #expect(try await store.account(named: "ALICE")?.username == "Alice")
        #expect(try await store.accounts().count == 1)
    }

    @Test("the last admin can be neither demoted nor removed", arguments: Kind.available)
    func lastAdmin(_ kind: Kind) async throws {
        let (store, cleanup) = try await Self.make(kind)
        defer { cleanup() }
        try await store.createAccount(account("root", .admin))
        try await store.createAccount(account("mod"))
        await #expect(throws: StoreError.lastAdmin) { try await store.deleteAccount(named: "root") }
        await #expect(throws: StoreError.lastAdmin) { _ = try await store.updateAccount(named: "root", role: .moderator, passwordHash: nil) }
        _ = try await store.updateAccount(named: "mod", role: .admin, passwordHash: nil)
        #expect(try await store.deleteAccount(named: "root"))
        #expect(try await store.deleteAccount(named: "nobody") == false)
    }

    @Test("removing an account removes its tokens", arguments: Kind.available)
    func cascade(_ kind: Kind) async throws {
        let (store, cleanup) = try await Self.make(kind)
        defer { cleanup() }
        try await store.createAccount(account("root", .admin))
        try await store.createAccount(account("mod"))
        try await store.createToken(token("t1", account: "mod"))
        try await store.createToken(token("t2", account: "root"))
        _ = try await store.deleteAccount(named: "mod")
        #expect(try await store.token(id: "t1") == nil)
        #expect(try await store.token(id: "t2") != nil)
    }

    @Test("tokens are found by hash and listed only while valid", arguments: Kind.available)
    func tokens(_ kind: Kind) async throws {
        let (store, cleanup) = try await Self.make(kind)
        defer { cleanup() }
        try await store.createAccount(account("root", .admin))
        try await store.createToken(token("live", account: "root"))
        try await store.createToken(token("old", account: "root", expires: now.addingTimeInterval(-1)))
        try await store.createToken(token("gone", account: "root"))
        _ = try await store.revokeToken(id: "gone", at: now)
        #expect(try await store.token(hash: "hash-live")?.id == "live")
        #expect(try await store.tokens(account: nil, validAt: now).map(\.id) == ["live"])
        #expect(try await store.tokens(account: "ROOT", validAt: now).map(\.id) == ["live"])
        #expect(try await store.token(id: "gone")?.revokedAt != nil)
        #expect(try await store.revokeToken(id: "missing", at: now) == nil)
    }

    @Test("a report is stored whole, changed in place, and listed newest first", arguments: Kind.available)
    func reports(_ kind: Kind) async throws {
        let (store, cleanup) = try await Self.make(kind)
        defer { cleanup() }
        let reporter = Report.Reporter(nick: "alice", reason: "insults", at: now)
        var first = Report(id: "rep_1", seq: 41, nick: "bob", text: "you “idiots” 🙄", reporters: [reporter], createdAt: now)
        let second = Report(id: "rep_2", seq: 42, nick: "bob", text: "more", reporters: [reporter], createdAt: now.addingTimeInterval(5))
        try await store.saveReport(first)
        try await store.saveReport(second)
        first.reporters.append(Report.Reporter(nick: "carol", reason: nil, at: now.addingTimeInterval(1)))
        first.state = .closed
        first.resolution = "removed"
        first.resolvedBy = "mia"
        first.resolvedAt = now.addingTimeInterval(2)
        try await store.saveReport(first)
        #expect(try await store.reports() == [second, first])
    }

    @Test("an automod rule is stored whole without its counters, changed in place, removed, listed oldest first", arguments: Kind.available)
    func rules(_ kind: Kind) async throws {
        let (store, cleanup) = try await Self.make(kind)
        defer { cleanup() }
        var first = AutomodRule(
            id: "rule_1",
            kind: .regex,
            pattern: #"free\s+“money”"#,
            action: .mute,
            duration: "10m",
            escalation: AutomodRule.Escalation(after: 3, within: "10m", action: .ban, duration: "1d"),
            exempt: ["helperbot", "10.0.0.0/8"],
            dryRun: true,
            note: "no spam",
            actor: "mia",
            createdAt: now
        )
        let second = AutomodRule(id: "rule_2", kind: .links, limit: 3, action: .refuse, actor: "mia", createdAt: now.addingTimeInterval(5))
        first.hits = 7
        try await store.saveRule(first)
        try await store.saveRule(second)
        first.hits = nil
        first.dryRun = false
        try await store.saveRule(first)
        #expect(try await store.rules() == [first, second])
        #expect(try await store.removeRule(id: "rule_1"))
        #expect(try await store.removeRule(id: "rule_1") == false)
        #expect(try await store.rules() == [second])
    }

    @Test("the audit log keeps each line's node, filters, pages backwards and follows forwards", arguments: Kind.available)
    func audit(_ kind: Kind) async throws {
        let (store, cleanup) = try await Self.make(kind)
        defer { cleanup() }
        for index in 1...5 {
            try await store.appendAudit(
                AuditRecord(
                    at: now.addingTimeInterval(Double(index)),
                    actor: index % 2 == 0 ? "bob" : "alice",
                    source: "local",
                    action: "kick",
                    target: "n\(index)",
                    reason: nil,
                    outcome: "ok",
                    node: index == 5 ? nil : "chat-\(index % 2 + 1)"
                )
            )
        }
        #expect(try await store.audit(AuditQuery()).map(\.id) == [5, 4, 3, 2, 1])
        #expect(try await store.audit(AuditQuery()).map(\.node) == [nil, "chat-1", "chat-2", "chat-1", "chat-2"], "each line's node, kept")
        #expect(try await store.audit(AuditQuery(actor: "bob")).map(\.id) == [4, 2])
        #expect(try await store.audit(AuditQuery(before: 4, limit: 2)).map(\.id) == [3, 2])
        #expect(try await store.audit(AuditQuery(after: 3)).map(\.id) == [4, 5])
        #expect(try await store.audit(AuditQuery(since: now.addingTimeInterval(4))).map(\.id) == [5, 4])
        #expect(try await store.audit(AuditQuery(action: "login")).isEmpty)
    }

    @Test("a coalesced line's count is kept; pruning removes the old, then the oldest beyond the newest N", arguments: Kind.available)
    func auditCountsAndPruning(_ kind: Kind) async throws {
        let (store, cleanup) = try await Self.make(kind)
        defer { cleanup() }
        for index in 1...10 {
            try await store.appendAudit(
                AuditRecord(
                    at: now.addingTimeInterval(Double(index) * 86400),
                    actor: "a",
                    source: "local",
                    action: "kick",
                    target: nil,
                    reason: nil,
                    outcome: "ok"
                )
            )
        }
        try await store.updateAuditCount(id: 10, count: 42, lastAt: now.addingTimeInterval(11 * 86400))
        let counted = try #require(try await store.audit(AuditQuery(limit: 1)).first)
        #expect(counted.count == 42 && counted.lastAt == now.addingTimeInterval(11 * 86400))
        #expect(try await store.pruneAudit(before: now.addingTimeInterval(3.5 * 86400), keepingNewest: 100) == 3)
        #expect(try await store.pruneAudit(before: now, keepingNewest: 4) == 3)
        #expect(try await store.audit(AuditQuery()).map(\.id) == [10, 9, 8, 7])
        let next = try await store.appendAudit(
            AuditRecord(at: now, actor: "a", source: "local", action: "x", target: nil, reason: nil, outcome: "ok")
        )
        #expect(next == 11, "ids are never reused")
    }

    @Test("the SQLite store keeps everything across a reopen")
    func persistence() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("chat-store-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("chat.sqlite").path
        do {
            let store = try SQLiteStore(path: path)
            try await store.createAccount(account("root", .admin))
            try await store.createToken(token("t", account: "root"))
            _ = try await store.appendAudit(
                AuditRecord(at: now, actor: "local:root", source: "local", action: "account.create", target: "root", reason: nil, outcome: "ok")
            )
        }
        let reopened = try SQLiteStore(path: path)
        #expect(try await reopened.account(named: "root")?.role == .admin)
        #expect(try await reopened.token(hash: "hash-t")?.account == "root")
        #expect(try await reopened.audit(AuditQuery()).first?.action == "account.create")
    }

    @Test("a full disk is an error to the caller, and nothing half-done remains")
    func fullDisk() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("chat-store-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteStore(path: directory.appendingPathComponent("chat.sqlite").path)
        try await store.createAccount(account("root", .admin))
        try await store.simulateFullDisk()
        var refusal: StoreError?
        let reason = String(repeating: "x", count: 3000)
        var written = 0
        for index in 0..<200 {
            do {
                _ = try await store.appendAudit(
                    AuditRecord(at: now, actor: "a", source: "s", action: "fill-\(index)", target: nil, reason: reason, outcome: "ok")
                )
                written += 1
            } catch let error as StoreError {
                refusal = error
                break
            }
        }
        let error = try #require(refusal, "the disk never filled")
        #expect(error.kind == .unavailable)
        #expect(error.message.contains("nothing was changed"))
        let lines = try await store.audit(AuditQuery(limit: 1000))
        #expect(lines.count == written, "the refused line is not there, the others are")
        #expect(try await store.account(named: "root") != nil, "the store still reads")
    }

    @Test("a read-only database refuses changes with an error and keeps what it had")
    func readOnly() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("chat-store-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("chat.sqlite").path
        try await SQLiteStore(path: path).createAccount(account("root", .admin))
        let store = try SQLiteStore(path: path, readOnly: true)
        await #expect(throws: StoreError.self) { try await store.createAccount(account("mod")) }
        #expect(try await store.accounts().map(\.username) == ["root"])
    }
}
