import AdminAPI
import Foundation

/// Login and API tokens, by their SHA-256 hash only. Every method that changes something returns only once the change is durable, or throws
/// ``StoreError`` having changed nothing.
protocol TokenStore: Sendable {
    func createToken(_ token: StoredToken) async throws
    func token(hash: String) async throws -> StoredToken?
    func token(id: String) async throws -> StoredToken?
    /// Tokens not revoked and not expired at `now`, of one account or of all.
    func tokens(account: String?, validAt now: Date) async throws -> [StoredToken]
    /// Marks a token revoked; returns it, or nil if there is no such token.
    func revokeToken(id: String, at date: Date) async throws -> StoredToken?
    func touchToken(id: String, at date: Date) async throws
}
