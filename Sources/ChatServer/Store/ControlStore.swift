import Foundation

/// Everything the control plane keeps, one protocol per kind: accounts, tokens, moderation (sanctions,
/// overrides, limits), reports, automod rules and the audit log. Every method that changes something returns only once the change
/// is durable, or throws ``StoreError`` having changed nothing.
///
/// ``SQLiteStore`` is the embedded default, split the same way (`Store/SQLite/`); ``MemoryStore`` serves unit
/// tests. Another backend (PostgreSQL) is a set of small files implementing these four beside them.
protocol ControlStore: AccountStore, TokenStore, ModerationStore, ReportStore, RuleStore, AuditStore {
    /// Whether the store can be read at all (for health checks), answered within a few seconds.
    func ping() async -> Bool
    /// How many calls have failed as ``StoreError/unavailable(_:)`` since start (a metric).
    var unavailableCount: Int { get }
    /// Lets go of the database at shutdown.
    func close() async
    /// Where the nodes sharing this store keep their heartbeats; nil for a store only one node uses.
    var nodeStore: (any NodeStore)? { get }
    /// The room's log the nodes sharing this store write and read; nil for a store only one node uses.
    var roomLog: (any RoomLogStore)? { get }
}

extension ControlStore {
    var unavailableCount: Int { 0 }
    var nodeStore: (any NodeStore)? { nil }
    var roomLog: (any RoomLogStore)? { nil }
    func close() async {}
}
