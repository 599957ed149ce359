import AdminAPI
import Foundation

/// Accounts: unique without regard to case; the last admin can be neither demoted nor removed. Every method that changes something returns only once the change is durable, or throws
/// ``StoreError`` having changed nothing.
protocol AccountStore: Sendable {
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
}
