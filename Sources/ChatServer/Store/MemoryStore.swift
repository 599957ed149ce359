import AdminAPI
import Foundation
import NIOConcurrencyHelpers

/// The store in memory, for unit tests of what sits above it. Same rules as ``SQLiteStore``.
final class MemoryStore: ControlStore {
    private struct State {
        var accounts: [String: StoredAccount] = [:]
        var tokens: [String: StoredToken] = [:]
        var audit: [AuditEntry] = []
        var lastAuditID: Int64 = 0
        var sanctions: [String: Sanction] = [:]
        var overrides: [String: LimitOverride] = [:]
        var limits: StoredLimits?
        var reports: [String: Report] = [:]
        var rules: [String: AutomodRule] = [:]
    }

    private let state = NIOLockedValueBox(State())

    /// Runs after a token is looked up by hash and before the answer is returned: lets a test hold a lookup
    /// in flight while something else changes the store.
    private let afterTokenLookup: (@Sendable () async -> Void)?

    /// Runs before limits are saved, with the limits: lets a test hold a change of limits in flight.
    private let beforeSavingLimits: (@Sendable (StoredLimits) async -> Void)?

    init(afterTokenLookup: (@Sendable () async -> Void)? = nil, beforeSavingLimits: (@Sendable (StoredLimits) async -> Void)? = nil) {
        self.afterTokenLookup = afterTokenLookup
        self.beforeSavingLimits = beforeSavingLimits
    }

    func saveRule(_ rule: AutomodRule) async throws {
        state.withLockedValue { $0.rules[rule.id] = rule.withoutCounts }
    }

    func removeRule(id: String) async throws -> Bool {
        state.withLockedValue { $0.rules.removeValue(forKey: id) != nil }
    }

    func rules() async throws -> [AutomodRule] {
        state.withLockedValue { $0.rules.values.sorted { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) } }
    }

    func saveReport(_ report: Report) async throws {
        state.withLockedValue { $0.reports[report.id] = report }
    }

    func reports() async throws -> [Report] {
        state.withLockedValue { $0.reports.values.sorted { $0.createdAt > $1.createdAt } }
    }

    func createAccount(_ account: StoredAccount) async throws {
        try state.withLockedValue { state in
            guard state.accounts[account.username.lowercased()] == nil else {
                throw StoreError.conflict("an account named '\(account.username)' exists")
            }
            state.accounts[account.username.lowercased()] = account
        }
    }

    func account(named name: String) async throws -> StoredAccount? {
        state.withLockedValue { $0.accounts[name.lowercased()] }
    }

    func accounts() async throws -> [StoredAccount] {
        state.withLockedValue { $0.accounts.values.sorted { $0.username.lowercased() < $1.username.lowercased() } }
    }

    func updateAccount(named name: String, role: Role?, passwordHash: String?) async throws -> StoredAccount? {
        try state.withLockedValue { state in
            guard var account = state.accounts[name.lowercased()] else { return nil }
            if let role, role != .admin, account.role == .admin, state.accounts.values.filter({ $0.role == .admin }).count == 1 {
                throw StoreError.lastAdmin
            }
            if let role { account.role = role }
            if let passwordHash { account.passwordHash = passwordHash }
            state.accounts[name.lowercased()] = account
            return account
        }
    }

    func deleteAccount(named name: String) async throws -> Bool {
        try state.withLockedValue { state in
            guard let account = state.accounts[name.lowercased()] else { return false }
            if account.role == .admin, state.accounts.values.filter({ $0.role == .admin }).count == 1 {
                throw StoreError.lastAdmin
            }
            state.accounts[name.lowercased()] = nil
            state.tokens = state.tokens.filter { $0.value.account.lowercased() != name.lowercased() }
            return true
        }
    }

    func recordLogin(named name: String, at date: Date) async throws {
        state.withLockedValue { $0.accounts[name.lowercased()]?.lastLoginAt = date }
    }

    func createToken(_ token: StoredToken) async throws {
        state.withLockedValue { $0.tokens[token.id] = token }
    }

    func token(hash: String) async throws -> StoredToken? {
        let token = state.withLockedValue { $0.tokens.values.first { $0.hash == hash } }
        await afterTokenLookup?()
        return token
    }

    func token(id: String) async throws -> StoredToken? {
        state.withLockedValue { $0.tokens[id] }
    }

    func tokens(account: String?, validAt now: Date) async throws -> [StoredToken] {
        state.withLockedValue { state in
            state.tokens.values
                .filter { $0.isValid(at: now) && (account == nil || $0.account.lowercased() == account!.lowercased()) }
                .sorted { $0.createdAt < $1.createdAt }
        }
    }

    func revokeToken(id: String, at date: Date) async throws -> StoredToken? {
        state.withLockedValue { state in
            guard state.tokens[id] != nil else { return nil }
            if state.tokens[id]?.revokedAt == nil { state.tokens[id]?.revokedAt = date }
            return state.tokens[id]
        }
    }

    func touchToken(id: String, at date: Date) async throws {
        state.withLockedValue { $0.tokens[id]?.lastUsedAt = date }
    }

    func saveSanction(_ sanction: Sanction) async throws {
        state.withLockedValue { $0.sanctions[sanction.id] = sanction }
    }

    func liftSanction(id: String, at date: Date, by actor: String) async throws -> Sanction? {
        state.withLockedValue { state in
            guard state.sanctions[id] != nil else { return nil }
            if state.sanctions[id]?.liftedAt == nil {
                state.sanctions[id]?.liftedAt = date
                state.sanctions[id]?.liftedBy = actor
            }
            return state.sanctions[id]
        }
    }

    func sanctions(includingInactive: Bool, at now: Date) async throws -> [Sanction] {
        state.withLockedValue { state in
            state.sanctions.values.filter { includingInactive || $0.isActive(at: now) }.sorted { $0.createdAt > $1.createdAt }
        }
    }

    func saveOverride(_ override: LimitOverride) async throws {
        state.withLockedValue { $0.overrides[override.id] = override }
    }

    func removeOverride(id: String) async throws -> Bool {
        state.withLockedValue { $0.overrides.removeValue(forKey: id) != nil }
    }

    func overrides() async throws -> [LimitOverride] {
        state.withLockedValue { $0.overrides.values.sorted { $0.createdAt > $1.createdAt } }
    }

    func saveLimits(_ limits: StoredLimits) async throws {
        await beforeSavingLimits?(limits)
        state.withLockedValue { $0.limits = limits }
    }

    func loadLimits() async throws -> StoredLimits? {
        state.withLockedValue { $0.limits }
    }

    func appendAudit(_ record: AuditRecord) async throws -> Int64 {
        state.withLockedValue { state in
            state.lastAuditID += 1
            let id = state.lastAuditID
            state.audit.append(
                AuditEntry(
                    id: id,
                    at: record.at,
                    actor: record.actor,
                    source: record.source,
                    action: record.action,
                    target: record.target,
                    reason: record.reason,
                    outcome: record.outcome,
                    count: record.count,
                    lastAt: record.lastAt,
                    node: record.node
                )
            )
            return id
        }
    }

    func updateAuditCount(id: Int64, count: Int, lastAt: Date) async throws {
        state.withLockedValue { state in
            guard let index = state.audit.firstIndex(where: { $0.id == id }) else { return }
            state.audit[index].count = count
            state.audit[index].lastAt = lastAt
        }
    }

    func pruneAudit(before date: Date, keepingNewest: Int) async throws -> Int {
        state.withLockedValue { state in
            let before = state.audit.count
            state.audit.removeAll { $0.at < date }
            if state.audit.count > keepingNewest { state.audit.removeFirst(state.audit.count - max(0, keepingNewest)) }
            return before - state.audit.count
        }
    }

    func audit(_ query: AuditQuery) async throws -> [AuditEntry] {
        state.withLockedValue { state in
            let matching = state.audit.filter { entry in
                (query.actor == nil || entry.actor == query.actor) && (query.action == nil || entry.action == query.action)
                    && (query.since.map { entry.at >= $0 } ?? true) && (query.until.map { entry.at < $0 } ?? true)
                    && (query.before.map { entry.id < $0 } ?? true) && (query.after.map { entry.id > $0 } ?? true)
            }
            let limit = min(max(query.limit, 1), AuditQuery.maxLimit)
            return query.after != nil ? Array(matching.prefix(limit)) : Array(matching.reversed().prefix(limit))
        }
    }

    func ping() async -> Bool { true }
}
