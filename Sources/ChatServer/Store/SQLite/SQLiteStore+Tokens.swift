import AdminAPI
import Foundation
import GRDB

/// Token hashes and their use. (``TokenStore``.)
extension SQLiteStore {
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
}
