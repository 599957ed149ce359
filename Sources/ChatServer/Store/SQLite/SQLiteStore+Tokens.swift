import AdminAPI
import Foundation
import GRDB

/// Token hashes and their use. (``TokenStore``.)
extension SQLiteStore {
    func createToken(_ token: StoredToken) async throws {
        try await write { db in
            guard try AccountRecord.exists(db, key: token.account) else {
                throw StoreError.conflict("no account named '\(token.account)'")
            }
            try TokenRecord(token).insert(db)
        }
    }

    func token(hash: String) async throws -> StoredToken? {
        try await read { db in try TokenRecord.filter(TokenRecord.Columns.hash == hash).fetchOne(db)?.stored }
    }

    func token(id: String) async throws -> StoredToken? {
        try await read { db in try TokenRecord.fetchOne(db, key: id)?.stored }
    }

    func tokens(account: String?, validAt now: Date) async throws -> [StoredToken] {
        try await read { db in
            let columns = TokenRecord.Columns.self
            var request = TokenRecord.filter(columns.revokedAt == nil && (columns.expiresAt == nil || columns.expiresAt > now.timeIntervalSince1970))
            if let account { request = request.filter(columns.account == account) }
            return try request.order(columns.createdAt).fetchAll(db).map(\.stored)
        }
    }

    func revokeToken(id: String, at date: Date) async throws -> StoredToken? {
        try await write { db in
            let columns = TokenRecord.Columns.self
            _ = try TokenRecord.filter(key: id).filter(columns.revokedAt == nil).updateAll(db, columns.revokedAt.set(to: date.timeIntervalSince1970))
            return try TokenRecord.fetchOne(db, key: id)?.stored
        }
    }

    func touchToken(id: String, at date: Date) async throws {
        try await write { db in
            _ = try TokenRecord.filter(key: id).updateAll(db, TokenRecord.Columns.lastUsedAt.set(to: date.timeIntervalSince1970))
        }
    }
}
