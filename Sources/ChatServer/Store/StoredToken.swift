import AdminAPI
import Foundation

/// A token as stored: its SHA-256 hash, never the secret.
struct StoredToken: Sendable, Equatable {
    var id: String
    var hash: String
    var name: String
    var account: String
    var kind: TokenInfo.Kind
    var createdAt: Date
    var expiresAt: Date?
    var lastUsedAt: Date?
    var revokedAt: Date?

    /// Whether the token may be used at `now`.
    func isValid(at now: Date) -> Bool {
        revokedAt == nil && (expiresAt.map { $0 > now } ?? true)
    }

    var info: TokenInfo {
        TokenInfo(id: id, name: name, account: account, kind: kind, createdAt: createdAt, expiresAt: expiresAt, lastUsedAt: lastUsedAt)
    }
}
