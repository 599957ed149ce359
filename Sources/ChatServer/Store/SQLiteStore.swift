import AdminAPI
import Foundation
import GRDB

/// The embedded store: one SQLite file through GRDB, in WAL mode with `synchronous = FULL`, so a change is
/// on disk before it is acknowledged and a `kill -9` loses nothing acknowledged. Each change is one
/// transaction: when the disk refuses (full, read-only), it rolls back whole and the caller gets
/// ``StoreError/unavailable(_:)``.
final class SQLiteStore: ControlStore {
    private let pool: DatabasePool
    /// Where the file is, for messages.
    let path: String

    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    init(path: String, readOnly: Bool = false) throws {
        self.path = path
        var configuration = Configuration()
        configuration.readonly = readOnly
        configuration.busyMode = .timeout(5)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
            if !readOnly { try Self.migrator.migrate(pool) }
        } catch {
            throw StoreError.unavailable("cannot open the database \(path): \(Self.describe(error))")
        }
    }

    /// Versioned migrations; a new version is a new `registerMigration`, never an edit of an old one.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: accounts, tokens, audit") { db in
            try db.execute(
                sql: """
                    CREATE TABLE account (
                        username TEXT NOT NULL PRIMARY KEY COLLATE NOCASE,
                        role TEXT NOT NULL CHECK (role IN ('admin', 'moderator')),
                        password_hash TEXT NOT NULL,
                        created_at DOUBLE NOT NULL,
                        last_login_at DOUBLE
                    );
                    CREATE TABLE token (
                        id TEXT NOT NULL PRIMARY KEY,
                        hash TEXT NOT NULL UNIQUE,
                        name TEXT NOT NULL,
                        account TEXT NOT NULL COLLATE NOCASE REFERENCES account(username) ON DELETE CASCADE ON UPDATE CASCADE,
                        kind TEXT NOT NULL CHECK (kind IN ('login', 'api')),
                        created_at DOUBLE NOT NULL,
                        expires_at DOUBLE,
                        last_used_at DOUBLE,
                        revoked_at DOUBLE
                    );
                    CREATE INDEX token_by_account ON token(account);
                    CREATE TABLE audit (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        at DOUBLE NOT NULL,
                        actor TEXT NOT NULL,
                        source TEXT NOT NULL,
                        action TEXT NOT NULL,
                        target TEXT,
                        reason TEXT,
                        outcome TEXT NOT NULL
                    );
                    CREATE INDEX audit_by_actor ON audit(actor, id);
                    CREATE INDEX audit_by_action ON audit(action, id);
                    CREATE INDEX audit_by_time ON audit(at);
                    """
            )
        }
        migrator.registerMigration("v2: bans, mutes, overrides, limits") { db in
            try db.execute(
                sql: """
                    CREATE TABLE sanction (
                        id TEXT NOT NULL PRIMARY KEY,
                        kind TEXT NOT NULL CHECK (kind IN ('ban', 'mute')),
                        target TEXT NOT NULL,
                        address TEXT,
                        public_reason TEXT,
                        private_reason TEXT,
                        actor TEXT NOT NULL,
                        created_at DOUBLE NOT NULL,
                        expires_at DOUBLE,
                        lifted_at DOUBLE,
                        lifted_by TEXT
                    );
                    CREATE INDEX sanction_in_force ON sanction(lifted_at, expires_at);
                    CREATE TABLE limit_override (
                        id TEXT NOT NULL PRIMARY KEY,
                        body TEXT NOT NULL
                    );
                    CREATE TABLE setting (
                        key TEXT NOT NULL PRIMARY KEY,
                        value TEXT NOT NULL
                    );
                    """
            )
        }
        migrator.registerMigration("v3: coalesced audit lines") { db in
            try db.execute(
                sql: """
                    ALTER TABLE audit ADD COLUMN count INTEGER NOT NULL DEFAULT 1;
                    ALTER TABLE audit ADD COLUMN last_at DOUBLE;
                    """
            )
        }
        return migrator
    }

    // MARK: Accounts

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

    // MARK: Tokens

    func createToken(_ token: StoredToken) async throws {
        try await write { db in
            guard try Row.fetchOne(db, sql: "SELECT 1 FROM account WHERE username = ?", arguments: [token.account]) != nil else {
                throw StoreError.conflict("no account named '\(token.account)'")
            }
            try db.execute(
                sql: """
                    INSERT INTO token (id, hash, name, account, kind, created_at, expires_at, last_used_at, revoked_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, NULL, NULL)
                    """,
                arguments: [
                    token.id, token.hash, token.name, token.account, token.kind.rawValue, token.createdAt.timeIntervalSince1970,
                    token.expiresAt?.timeIntervalSince1970,
                ]
            )
        }
    }

    func token(hash: String) async throws -> StoredToken? {
        try await read { db in try Row.fetchOne(db, sql: "SELECT * FROM token WHERE hash = ?", arguments: [hash]).map(Self.token) }
    }

    func token(id: String) async throws -> StoredToken? {
        try await read { db in try Row.fetchOne(db, sql: "SELECT * FROM token WHERE id = ?", arguments: [id]).map(Self.token) }
    }

    func tokens(account: String?, validAt now: Date) async throws -> [StoredToken] {
        try await read { db in
            var sql = "SELECT * FROM token WHERE revoked_at IS NULL AND (expires_at IS NULL OR expires_at > ?)"
            var arguments: StatementArguments = [now.timeIntervalSince1970]
            if let account {
                sql += " AND account = ?"
                arguments += [account]
            }
            return try Row.fetchAll(db, sql: sql + " ORDER BY created_at", arguments: arguments).map(Self.token)
        }
    }

    func revokeToken(id: String, at date: Date) async throws -> StoredToken? {
        try await write { db in
            try db.execute(sql: "UPDATE token SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", arguments: [date.timeIntervalSince1970, id])
            return try Row.fetchOne(db, sql: "SELECT * FROM token WHERE id = ?", arguments: [id]).map(Self.token)
        }
    }

    func touchToken(id: String, at date: Date) async throws {
        try await write { db in
            try db.execute(sql: "UPDATE token SET last_used_at = ? WHERE id = ?", arguments: [date.timeIntervalSince1970, id])
        }
    }

    private static func token(_ row: Row) -> StoredToken {
        StoredToken(
            id: row["id"],
            hash: row["hash"],
            name: row["name"],
            account: row["account"],
            kind: TokenInfo.Kind(rawValue: row["kind"]) ?? .api,
            createdAt: Date(timeIntervalSince1970: row["created_at"]),
            expiresAt: (row["expires_at"] as Double?).map(Date.init(timeIntervalSince1970:)),
            lastUsedAt: (row["last_used_at"] as Double?).map(Date.init(timeIntervalSince1970:)),
            revokedAt: (row["revoked_at"] as Double?).map(Date.init(timeIntervalSince1970:))
        )
    }

    // MARK: Moderation

    func saveSanction(_ sanction: Sanction) async throws {
        try await write { db in
            try db.execute(
                sql: """
                    INSERT INTO sanction (id, kind, target, address, public_reason, private_reason, actor, created_at, expires_at, lifted_at, lifted_by)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL)
                    """,
                arguments: [
                    sanction.id, sanction.kind.rawValue, sanction.target, sanction.address, sanction.publicReason, sanction.privateReason,
                    sanction.actor, sanction.createdAt.timeIntervalSince1970, sanction.expiresAt?.timeIntervalSince1970,
                ]
            )
        }
    }

    func liftSanction(id: String, at date: Date, by actor: String) async throws -> Sanction? {
        try await write { db in
            try db.execute(
                sql: "UPDATE sanction SET lifted_at = ?, lifted_by = ? WHERE id = ? AND lifted_at IS NULL",
                arguments: [date.timeIntervalSince1970, actor, id]
            )
            return try Row.fetchOne(db, sql: "SELECT * FROM sanction WHERE id = ?", arguments: [id]).map(Self.sanction)
        }
    }

    func sanctions(includingInactive: Bool, at now: Date) async throws -> [Sanction] {
        try await read { db in
            let filter = includingInactive ? "" : " WHERE lifted_at IS NULL AND (expires_at IS NULL OR expires_at > ?)"
            let arguments: StatementArguments = includingInactive ? [] : [now.timeIntervalSince1970]
            return try Row.fetchAll(db, sql: "SELECT * FROM sanction\(filter) ORDER BY created_at DESC", arguments: arguments).map(Self.sanction)
        }
    }

    private static func sanction(_ row: Row) -> Sanction {
        Sanction(
            id: row["id"], kind: Sanction.Kind(rawValue: row["kind"]) ?? .ban, target: row["target"], address: row["address"],
            publicReason: row["public_reason"], privateReason: row["private_reason"], actor: row["actor"],
            createdAt: Date(timeIntervalSince1970: row["created_at"]),
            expiresAt: (row["expires_at"] as Double?).map(Date.init(timeIntervalSince1970:)),
            liftedAt: (row["lifted_at"] as Double?).map(Date.init(timeIntervalSince1970:)),
            liftedBy: row["lifted_by"]
        )
    }

    func saveOverride(_ override: LimitOverride) async throws {
        let body = String(decoding: try AdminJSON.encoder().encode(override), as: UTF8.self)
        try await write { db in
            try db.execute(sql: "INSERT INTO limit_override (id, body) VALUES (?, ?)", arguments: [override.id, body])
        }
    }

    func removeOverride(id: String) async throws -> Bool {
        try await write { db in
            try db.execute(sql: "DELETE FROM limit_override WHERE id = ?", arguments: [id])
            return db.changesCount > 0
        }
    }

    func overrides() async throws -> [LimitOverride] {
        let bodies = try await read { db in try String.fetchAll(db, sql: "SELECT body FROM limit_override") }
        let decoder = AdminJSON.decoder()
        return bodies.compactMap { try? decoder.decode(LimitOverride.self, from: Data($0.utf8)) }.sorted { $0.createdAt > $1.createdAt }
    }

    func saveLimits(_ limits: StoredLimits) async throws {
        let value = String(decoding: try AdminJSON.encoder().encode(limits), as: UTF8.self)
        try await write { db in
            try db.execute(sql: "INSERT OR REPLACE INTO setting (key, value) VALUES ('limits', ?)", arguments: [value])
        }
    }

    func loadLimits() async throws -> StoredLimits? {
        let value = try await read { db in try String.fetchOne(db, sql: "SELECT value FROM setting WHERE key = 'limits'") }
        return try value.map { try AdminJSON.decoder().decode(StoredLimits.self, from: Data($0.utf8)) }
    }

    // MARK: Audit

    func appendAudit(_ record: AuditRecord) async throws -> Int64 {
        try await write { db in
            try db.execute(
                sql: "INSERT INTO audit (at, actor, source, action, target, reason, outcome, count, last_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                arguments: [
                    record.at.timeIntervalSince1970, record.actor, record.source, record.action, record.target, record.reason, record.outcome,
                    record.count, record.lastAt?.timeIntervalSince1970,
                ]
            )
            return db.lastInsertedRowID
        }
    }

    func updateAuditCount(id: Int64, count: Int, lastAt: Date) async throws {
        try await write { db in
            try db.execute(sql: "UPDATE audit SET count = ?, last_at = ? WHERE id = ?", arguments: [count, lastAt.timeIntervalSince1970, id])
        }
    }

    func pruneAudit(before date: Date, keepingNewest: Int) async throws -> Int {
        try await write { db in
            try db.execute(sql: "DELETE FROM audit WHERE at < ?", arguments: [date.timeIntervalSince1970])
            var removed = db.changesCount
            if let cutoff = try Int64.fetchOne(db, sql: "SELECT id FROM audit ORDER BY id DESC LIMIT 1 OFFSET ?", arguments: [max(0, keepingNewest)]) {
                try db.execute(sql: "DELETE FROM audit WHERE id <= ?", arguments: [cutoff])
                removed += db.changesCount
            }
            return removed
        }
    }

    func audit(_ query: AuditQuery) async throws -> [AuditEntry] {
        try await read { db in
            var clauses: [String] = []
            var arguments: StatementArguments = []
            if let actor = query.actor {
                clauses.append("actor = ?")
                arguments += [actor]
            }
            if let action = query.action {
                clauses.append("action = ?")
                arguments += [action]
            }
            if let since = query.since {
                clauses.append("at >= ?")
                arguments += [since.timeIntervalSince1970]
            }
            if let until = query.until {
                clauses.append("at < ?")
                arguments += [until.timeIntervalSince1970]
            }
            if let before = query.before {
                clauses.append("id < ?")
                arguments += [before]
            }
            if let after = query.after {
                clauses.append("id > ?")
                arguments += [after]
            }
            let filter = clauses.isEmpty ? "" : " WHERE " + clauses.joined(separator: " AND ")
            let order = query.after != nil ? "ASC" : "DESC"
            let limit = min(max(query.limit, 1), AuditQuery.maxLimit)
            return try Row.fetchAll(db, sql: "SELECT * FROM audit\(filter) ORDER BY id \(order) LIMIT \(limit)", arguments: arguments).map { row in
                AuditEntry(
                    id: row["id"], at: Date(timeIntervalSince1970: row["at"]), actor: row["actor"], source: row["source"],
                    action: row["action"], target: row["target"], reason: row["reason"], outcome: row["outcome"], count: row["count"],
                    lastAt: (row["last_at"] as Double?).map(Date.init(timeIntervalSince1970:))
                )
            }
        }
    }

    func ping() async -> Bool {
        (try? await read { db in try Int.fetchOne(db, sql: "SELECT 1") }) == 1
    }

    /// Limits the database to its current size, so the next growth fails as a full disk would. For tests.
    func simulateFullDisk() async throws {
        try await pool.write { db in
            let pages = try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 1
            try db.execute(sql: "PRAGMA max_page_count = \(pages)")
        }
    }

    // MARK: Plumbing

    private func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await pool.write(body)
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError.unavailable("the database refused the change (\(Self.describe(error))); nothing was changed")
        }
    }

    private func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await pool.read(body)
        } catch {
            throw StoreError.unavailable("the database cannot be read (\(Self.describe(error)))")
        }
    }

    private static func describe(_ error: any Error) -> String {
        if let error = error as? DatabaseError { return error.message ?? "\(error.resultCode)" }
        return String(describing: error)
    }
}
