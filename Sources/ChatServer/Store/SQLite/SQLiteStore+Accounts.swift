import AdminAPI
import Foundation
import GRDB

/// Accounts: case-insensitive names, the last admin protected inside the transaction. (``AccountStore``.)
extension SQLiteStore {
    func createAccount(_ account: StoredAccount) async throws {
        try await write { db in
            if try AccountRecord.exists(db, key: account.username) {
                throw StoreError.conflict("an account named '\(account.username)' exists")
            }
            try AccountRecord(account).insert(db)
        }
    }

    func account(named name: String) async throws -> StoredAccount? {
        try await read { db in try AccountRecord.fetchOne(db, key: name)?.stored }
    }

    func accounts() async throws -> [StoredAccount] {
        try await read { db in
            try AccountRecord.order(AccountRecord.Columns.username.collating(.nocase)).fetchAll(db).map(\.stored)
        }
    }

    func updateAccount(named name: String, role: Role?, passwordHash: String?) async throws -> StoredAccount? {
        try await write { db in
            guard var record = try AccountRecord.fetchOne(db, key: name) else { return nil }
            if let role, role != .admin, record.role == .admin, try Self.adminCount(db) == 1 {
                throw StoreError.lastAdmin
            }
            if let role { record.role = role }
            if let passwordHash { record.passwordHash = passwordHash }
            try record.update(db)
            return record.stored
        }
    }

    func deleteAccount(named name: String) async throws -> Bool {
        try await write { db in
            guard let record = try AccountRecord.fetchOne(db, key: name) else { return false }
            if record.role == .admin, try Self.adminCount(db) == 1 {
                throw StoreError.lastAdmin
            }
            return try record.delete(db)
        }
    }

    func recordLogin(named name: String, at date: Date) async throws {
        try await write { db in
            _ = try AccountRecord.filter(key: name).updateAll(db, AccountRecord.Columns.lastLoginAt.set(to: date.timeIntervalSince1970))
        }
    }

    private static func adminCount(_ db: Database) throws -> Int {
        try AccountRecord.filter(AccountRecord.Columns.role == Role.admin.rawValue).fetchCount(db)
    }
}
