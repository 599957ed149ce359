import AdminAPI
import Foundation
import PostgresNIO

/// Token hashes and their use. (``TokenStore``.)
extension PostgresStore {
    static let tokenColumns = "id, hash, name, account, kind, created_at, expires_at, last_used_at, revoked_at"

    func createToken(_ token: StoredToken) async throws {
        let logger = logger
        // One statement: the account is found, and its name taken as stored, in the insert itself.
        let created = try await write { connection in
            try await connection.query(
                """
                INSERT INTO token (id, hash, name, account, kind, created_at, expires_at)
                SELECT \(token.id), \(token.hash), \(token.name), username, \(token.kind.rawValue), \(token.createdAt.timeIntervalSince1970),
                       \(token.expiresAt?.timeIntervalSince1970)
                FROM account WHERE lower(username) = lower(\(token.account))
                RETURNING id
                """,
                logger: logger
            ).collect().count
        }
        if created == 0 { throw StoreError.conflict("no account named '\(token.account)'") }
    }

    func token(hash: String) async throws -> StoredToken? {
        let logger = logger
        return try await read { connection in
            try await Self.tokens(connection.query("SELECT \(unescaped: Self.tokenColumns) FROM token WHERE hash = \(hash)", logger: logger)).first
        }
    }

    func token(id: String) async throws -> StoredToken? {
        let logger = logger
        return try await read { connection in
            try await Self.tokens(connection.query("SELECT \(unescaped: Self.tokenColumns) FROM token WHERE id = \(id)", logger: logger)).first
        }
    }

    func tokens(account: String?, validAt now: Date) async throws -> [StoredToken] {
        let logger = logger
        let at = now.timeIntervalSince1970
        return try await read { connection in
            let query: PostgresQuery =
                if let account {
                    """
                    SELECT \(unescaped: Self.tokenColumns) FROM token
                    WHERE revoked_at IS NULL AND (expires_at IS NULL OR expires_at > \(at)) AND lower(account) = lower(\(account))
                    ORDER BY created_at
                    """
                } else {
                    """
                    SELECT \(unescaped: Self.tokenColumns) FROM token
                    WHERE revoked_at IS NULL AND (expires_at IS NULL OR expires_at > \(at))
                    ORDER BY created_at
                    """
                }
            return try await Self.tokens(connection.query(query, logger: logger))
        }
    }

    func revokeToken(id: String, at date: Date) async throws -> StoredToken? {
        let logger = logger
        return try await write { connection in
            try await connection.query(
                "UPDATE token SET revoked_at = \(date.timeIntervalSince1970) WHERE id = \(id) AND revoked_at IS NULL",
                logger: logger
            )
            return try await Self.tokens(connection.query("SELECT \(unescaped: Self.tokenColumns) FROM token WHERE id = \(id)", logger: logger)).first
        }
    }

    func touchToken(id: String, at date: Date) async throws {
        let logger = logger
        try await write { connection in
            _ = try await connection.query("UPDATE token SET last_used_at = \(date.timeIntervalSince1970) WHERE id = \(id)", logger: logger)
        }
    }

    static func tokens(_ rows: PostgresRowSequence) async throws -> [StoredToken] {
        var tokens: [StoredToken] = []
        let columns = (String, String, String, String, String, Double, Double?, Double?, Double?).self
        for try await (id, hash, name, account, kind, createdAt, expiresAt, lastUsedAt, revokedAt) in rows.decode(columns) {
            tokens.append(
                StoredToken(
                    id: id,
                    hash: hash,
                    name: name,
                    account: account,
                    kind: TokenInfo.Kind(rawValue: kind) ?? .api,
                    createdAt: Date(timeIntervalSince1970: createdAt),
                    expiresAt: expiresAt.map(Date.init(timeIntervalSince1970:)),
                    lastUsedAt: lastUsedAt.map(Date.init(timeIntervalSince1970:)),
                    revokedAt: revokedAt.map(Date.init(timeIntervalSince1970:))
                )
            )
        }
        return tokens
    }
}
