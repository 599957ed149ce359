import AdminAPI
import Foundation
import GRDB

/// A row of `token`: the SHA-256 hash of a secret, never the secret.
struct TokenRecord: SQLiteRecord, PersistableRecord {
    static let databaseTableName = "token"

    var id: String
    var hash: String
    var name: String
    var account: String
    var kind: TokenInfo.Kind
    var createdAt: Date
    var expiresAt: Date?
    var lastUsedAt: Date?
    var revokedAt: Date?

    enum Columns {
        static let hash = Column("hash")
        static let account = Column("account")
        static let createdAt = Column("created_at")
        static let expiresAt = Column("expires_at")
        static let lastUsedAt = Column("last_used_at")
        static let revokedAt = Column("revoked_at")
    }

    init(_ token: StoredToken) {
        id = token.id
        hash = token.hash
        name = token.name
        account = token.account
        kind = token.kind
        createdAt = token.createdAt
        expiresAt = token.expiresAt
        lastUsedAt = token.lastUsedAt
        revokedAt = token.revokedAt
    }

    var stored: StoredToken {
        StoredToken(
            id: id,
            hash: hash,
            name: name,
            account: account,
            kind: kind,
            createdAt: createdAt,
            expiresAt: expiresAt,
            lastUsedAt: lastUsedAt,
            revokedAt: revokedAt
        )
    }
}
