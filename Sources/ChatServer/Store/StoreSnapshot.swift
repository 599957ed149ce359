import AdminAPI
import Foundation

/// Every row of a control store, as it is stored: accounts with their hashes, every token (revoked and
/// expired too), every sanction (lifted too), overrides and settings as their stored JSON, and the audit
/// log with its ids. What `chat-server store migrate` carries from one backend to the other.
struct StoreSnapshot: Sendable, Equatable {
    var accounts: [StoredAccount] = []
    var tokens: [StoredToken] = []
    var sanctions: [Sanction] = []
    /// Override id → its stored JSON.
    var overrides: [String: String] = [:]
    /// Setting key → its stored JSON (`limits`).
    var settings: [String: String] = [:]
    /// Report id → its stored JSON.
    var reports: [String: String] = [:]
    /// Automod rule id → its stored JSON.
    var rules: [String: String] = [:]
    var audit: [AuditEntry] = []

    /// Rows per kind, in the order `store migrate` prints them.
    var counts: KeyValuePairs<String, Int> {
        [
            "accounts": accounts.count, "tokens": tokens.count, "sanctions": sanctions.count, "overrides": overrides.count,
            "settings": settings.count, "reports": reports.count, "rules": rules.count,
            "audit lines": audit.count,
        ]
    }

    /// In one order whatever the backend sorts by: accounts by name without regard to case, the rest by id.
    func ordered() -> StoreSnapshot {
        var copy = self
        copy.accounts.sort { ($0.username.lowercased(), $0.username) < ($1.username.lowercased(), $1.username) }
        copy.tokens.sort { $0.id < $1.id }
        copy.sanctions.sort { $0.id < $1.id }
        copy.audit.sort { $0.id < $1.id }
        return copy
    }

    /// The tables behind ``counts``, in its order (a token's account comes before it).
    static let tables = ["account", "token", "sanction", "limit_override", "setting", "report", "automod_rule", "audit"]
}

/// A store that can hand over all its rows and take them in, each in one transaction.
protocol SnapshotStore: Sendable {
    /// Every row, read in one transaction (one consistent view).
    func snapshot() async throws -> StoreSnapshot
    /// Puts every row of `snapshot` in, in one transaction that also counts what it holds after and rolls
    /// back unless the counts match. Refuses (`conflict`) a store that holds anything, unless `replacing`,
    /// which deletes what it held first, in the same transaction.
    func restore(_ snapshot: StoreSnapshot, replacing: Bool) async throws
}
