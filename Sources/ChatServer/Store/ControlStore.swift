import AdminAPI
import Foundation

/// Everything the control plane keeps: accounts, token hashes and the audit log. Every method that changes
/// something returns only once the change is durable, or throws ``StoreError`` having changed nothing.
///
/// ``SQLiteStore`` is the embedded default; ``MemoryStore`` serves unit tests. A PostgreSQL store for several
/// nodes would be a third implementation; nothing above this protocol would change.
protocol ControlStore: Sendable {
    // MARK: Accounts

    /// Adds an account; `conflict` if the name is taken (without regard to case).
    func createAccount(_ account: StoredAccount) async throws
    func account(named name: String) async throws -> StoredAccount?
    func accounts() async throws -> [StoredAccount]
    /// Changes role and/or password hash; nil if there is no such account. Refuses (`lastAdmin`) to demote
    /// the last admin.
    func updateAccount(named name: String, role: Role?, passwordHash: String?) async throws -> StoredAccount?
    /// Removes an account and its tokens; false if there was none. Refuses (`lastAdmin`) to remove the last admin.
    func deleteAccount(named name: String) async throws -> Bool
    func recordLogin(named name: String, at date: Date) async throws

    // MARK: Tokens

    func createToken(_ token: StoredToken) async throws
    func token(hash: String) async throws -> StoredToken?
    func token(id: String) async throws -> StoredToken?
    /// Tokens not revoked and not expired at `now`, of one account or of all.
    func tokens(account: String?, validAt now: Date) async throws -> [StoredToken]
    /// Marks a token revoked; returns it, or nil if there is no such token.
    func revokeToken(id: String, at date: Date) async throws -> StoredToken?
    func touchToken(id: String, at date: Date) async throws

    // MARK: Moderation

    /// Stores a new ban or mute.
    func saveSanction(_ sanction: Sanction) async throws
    /// Marks a sanction lifted; returns it as stored, or nil if there is none.
    func liftSanction(id: String, at date: Date, by actor: String) async throws -> Sanction?
    /// Sanctions in force at `now` (not lifted, not expired), or all of them; newest first.
    func sanctions(includingInactive: Bool, at now: Date) async throws -> [Sanction]
    func saveOverride(_ override: LimitOverride) async throws
    /// Deletes an override; false if there was none.
    func removeOverride(id: String) async throws -> Bool
    func overrides() async throws -> [LimitOverride]
    func saveLimits(_ limits: StoredLimits) async throws
    /// The stored limits, or nil when they were never changed.
    func loadLimits() async throws -> StoredLimits?

    // MARK: Audit

    @discardableResult
    func appendAudit(_ record: AuditRecord) async throws -> Int64
    /// Sets how many times a coalesced line happened and when it last did.
    func updateAuditCount(id: Int64, count: Int, lastAt: Date) async throws
    func audit(_ query: AuditQuery) async throws -> [AuditEntry]
    /// Deletes lines older than `date`, then the oldest beyond the newest `keepingNewest`; returns how many.
    func pruneAudit(before date: Date, keepingNewest: Int) async throws -> Int

    /// Whether the store can be read at all (for health checks).
    func ping() async -> Bool
}
