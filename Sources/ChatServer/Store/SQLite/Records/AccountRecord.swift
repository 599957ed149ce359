import AdminAPI
import Foundation
import GRDB

/// A row of `account`. Its primary key compares without regard to case (`COLLATE NOCASE`), so a lookup
/// by key finds `Alice` for `alice`.
struct AccountRecord: SQLiteRecord, PersistableRecord {
    static let databaseTableName = "account"

    var username: String
    var role: Role
    var passwordHash: String
    var createdAt: Date
    var lastLoginAt: Date?

    enum Columns {
        static let username = Column("username")
        static let role = Column("role")
        static let lastLoginAt = Column("last_login_at")
    }

    init(_ account: StoredAccount) {
        username = account.username
        role = account.role
        passwordHash = account.passwordHash
        createdAt = account.createdAt
        lastLoginAt = account.lastLoginAt
    }

    var stored: StoredAccount {
        StoredAccount(username: username, role: role, passwordHash: passwordHash, createdAt: createdAt, lastLoginAt: lastLoginAt)
    }
}
