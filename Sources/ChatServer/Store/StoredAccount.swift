import AdminAPI
import Foundation

/// An account as stored: the bcrypt hash stays on the server.
struct StoredAccount: Sendable, Equatable {
    var username: String
    var role: Role
    var passwordHash: String
    var createdAt: Date
    var lastLoginAt: Date?

    var info: AccountInfo {
        AccountInfo(username: username, role: role, createdAt: createdAt, lastLoginAt: lastLoginAt)
    }
}
