import AdminAPI
import Foundation
import PostgresNIO

/// Accounts: names unique without regard to case, the last admin protected under the admins' lock.
/// (``AccountStore``.)
extension PostgresStore {
    static let accountColumns = "username, role, password_hash, created_at, last_login_at"

    func createAccount(_ account: StoredAccount) async throws {
        let logger = logger
        let created = try await write { connection in
            try await connection.query(
                """
                INSERT INTO account (\(unescaped: Self.accountColumns))
                VALUES (\(account.username), \(account.role.rawValue), \(account.passwordHash), \(account.createdAt.timeIntervalSince1970), \(nil as Double?))
                ON CONFLICT DO NOTHING RETURNING username
                """,
                logger: logger
            ).collect().count
        }
        if created == 0 { throw StoreError.conflict("an account named '\(account.username)' exists") }
    }

    func account(named name: String) async throws -> StoredAccount? {
        let logger = logger
        return try await read { connection in try await Self.accounts(connection.query(Self.accountQuery(name), logger: logger)).first }
    }

    func accounts() async throws -> [StoredAccount] {
        let logger = logger
        return try await read { connection in
            try await Self.accounts(
                connection.query("SELECT \(unescaped: Self.accountColumns) FROM account ORDER BY lower(username)", logger: logger)
            )
        }
    }

    func updateAccount(named name: String, role: Role?, passwordHash: String?) async throws -> StoredAccount? {
        let logger = logger
        return try await write { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(\(LockKey.admins))", logger: logger)
            guard var account = try await Self.accounts(connection.query(Self.accountQuery(name), logger: logger)).first else { return nil }
            if let role, role != .admin, account.role == .admin, try await Self.adminCount(connection, logger: logger) == 1 {
                throw StoreError.lastAdmin
            }
            if let role { account.role = role }
            if let passwordHash { account.passwordHash = passwordHash }
            try await connection.query(
                "UPDATE account SET role = \(account.role.rawValue), password_hash = \(account.passwordHash) WHERE username = \(account.username)",
                logger: logger
            )
            return account
        }
    }

    func deleteAccount(named name: String) async throws -> Bool {
        let logger = logger
        return try await write { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(\(LockKey.admins))", logger: logger)
            guard let account = try await Self.accounts(connection.query(Self.accountQuery(name), logger: logger)).first else { return false }
            if account.role == .admin, try await Self.adminCount(connection, logger: logger) == 1 {
                throw StoreError.lastAdmin
            }
            try await connection.query("DELETE FROM account WHERE username = \(account.username)", logger: logger)
            return true
        }
    }

    func recordLogin(named name: String, at date: Date) async throws {
        let logger = logger
        try await write { connection in
            _ = try await connection.query(
                "UPDATE account SET last_login_at = \(date.timeIntervalSince1970) WHERE lower(username) = lower(\(name))",
                logger: logger
            )
        }
    }

    private static func accountQuery(_ name: String) -> PostgresQuery {
        "SELECT \(unescaped: accountColumns) FROM account WHERE lower(username) = lower(\(name))"
    }

    private static func adminCount(_ connection: PostgresConnection, logger: Logger) async throws -> Int {
        var count = 0
        for try await value in try await connection.query("SELECT count(*) FROM account WHERE role = 'admin'", logger: logger).decode(Int.self) {
            count = value
        }
        return count
    }

    static func accounts(_ rows: PostgresRowSequence) async throws -> [StoredAccount] {
        var accounts: [StoredAccount] = []
        for try await (username, role, hash, createdAt, lastLoginAt) in rows.decode((String, String, String, Double, Double?).self) {
            accounts.append(
                StoredAccount(
                    username: username,
                    role: Role(rawValue: role) ?? .moderator,
                    passwordHash: hash,
                    createdAt: Date(timeIntervalSince1970: createdAt),
                    lastLoginAt: lastLoginAt.map(Date.init(timeIntervalSince1970:))
                )
            )
        }
        return accounts
    }
}
