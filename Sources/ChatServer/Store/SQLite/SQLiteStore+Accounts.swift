import AdminAPI
import Foundation
import GRDB

/// Accounts: case-insensitive names, the last admin protected inside the transaction. (``AccountStore``.)
extension SQLiteStore {
    func createAccount(_ account: StoredAccount) async throws {
        try await write { db in
            if try Row.fetchOne(db, sql: "SELECT 1 FROM account WHERE username = ?", arguments: [account.username]) != nil {
                throw StoreError.conflict("an account named '\(account.username)' exists")
            }
            try db.execute(
                sql: "INSERT INTO account (username, role, password_hash, created_at, last_login_at) VALUES (?, ?, ?, ?, ?)",
                arguments: [account.username, account.role.rawValue, account.passwordHash, account.createdAt.timeIntervalSince1970, nil]
            )
        }
    }

    func account(named name: String) async throws -> StoredAccount? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM account WHERE username = ?", arguments: [name]).map(Self.account)
        }
    }

    func accounts() async throws -> [StoredAccount] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM account ORDER BY username COLLATE NOCASE").map(Self.account)
        }
    }

    func updateAccount(named name: String, role: Role?, passwordHash: String?) async throws -> StoredAccount? {
        try await write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM account WHERE username = ?", arguments: [name]) else { return nil }
            var account = Self.account(row)
            if let role, role != .admin, account.role == .admin, try Self.adminCount(db) == 1 {
                throw StoreError.lastAdmin
            }
            if let role { account.role = role }
            if let passwordHash { account.passwordHash = passwordHash }
            try db.execute(
                sql: "UPDATE account SET role = ?, password_hash = ? WHERE username = ?",
                arguments: [account.role.rawValue, account.passwordHash, name]
            )
            return account
        }
    }

    func deleteAccount(named name: String) async throws -> Bool {
        try await write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM account WHERE username = ?", arguments: [name]) else { return false }
            if Self.account(row).role == .admin, try Self.adminCount(db) == 1 {
                throw StoreError.lastAdmin
            }
            try db.execute(sql: "DELETE FROM account WHERE username = ?", arguments: [name])
            return true
        }
    }

    func recordLogin(named name: String, at date: Date) async throws {
        try await write { db in
            try db.execute(sql: "UPDATE account SET last_login_at = ? WHERE username = ?", arguments: [date.timeIntervalSince1970, name])
        }
    }

    private static func adminCount(_ db: Database) throws -> Int {
        try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM account WHERE role = 'admin'") ?? 0
    }

    private static func account(_ row: Row) -> StoredAccount {
        StoredAccount(
            username: row["username"],
            role: Role(rawValue: row["role"]) ?? .moderator,
            passwordHash: row["password_hash"],
            createdAt: Date(timeIntervalSince1970: row["created_at"]),
            lastLoginAt: (row["last_login_at"] as Double?).map(Date.init(timeIntervalSince1970:))
        )
    }
}
