import AdminAPI
import Foundation
import GRDB
import NIOConcurrencyHelpers

/// The embedded store: one SQLite file through GRDB, in WAL mode with `synchronous = FULL`, so a change is
/// on disk before it is acknowledged and a `kill -9` loses nothing acknowledged. Each change is one
/// transaction: when the disk refuses (full, read-only), it rolls back whole and the caller gets
/// ``StoreError/unavailable(_:)``.
///
/// Split by kind as ``ControlStore`` is: accounts, tokens, moderation and audit each in an extension of
/// their own (`SQLiteStore+…`), this file the schema and the plumbing they share.
final class SQLiteStore: ControlStore {
    let pool: DatabasePool
    /// Where the file is, for messages.
    let path: String
    private let failures = NIOLockedValueBox(0)

    var unavailableCount: Int { failures.withLockedValue { $0 } }

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
        migrator.registerMigration("v4: reports") { db in
            try db.execute(
                sql: """
                    CREATE TABLE report (
                        id TEXT NOT NULL PRIMARY KEY,
                        body TEXT NOT NULL
                    );
                    """
            )
        }
        migrator.registerMigration("v5: automod rules") { db in
            try db.execute(
                sql: """
                    CREATE TABLE automod_rule (
                        id TEXT NOT NULL PRIMARY KEY,
                        body TEXT NOT NULL
                    );
                    """
            )
        }
        migrator.registerMigration("v6: the node of each audit line") { db in
            try db.execute(sql: "ALTER TABLE audit ADD COLUMN node TEXT")
        }
        return migrator
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

    // MARK: Plumbing, for the extensions beside this file

    func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await pool.write(body)
        } catch let error as StoreError {
            throw error
        } catch {
            failures.withLockedValue { $0 += 1 }
            throw StoreError.unavailable("the database refused the change (\(Self.describe(error))); nothing was changed")
        }
    }

    func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await pool.read(body)
        } catch {
            failures.withLockedValue { $0 += 1 }
            throw StoreError.unavailable("the database cannot be read (\(Self.describe(error)))")
        }
    }

    static func describe(_ error: any Error) -> String {
        if let error = error as? DatabaseError { return error.message ?? "\(error.resultCode)" }
        return String(describing: error)
    }
}
