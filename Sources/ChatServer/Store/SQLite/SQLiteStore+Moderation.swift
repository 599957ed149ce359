import AdminAPI
import Foundation
import GRDB

/// Bans, mutes, overrides and the limits in force. (``ModerationStore``.)
extension SQLiteStore {
    func saveSanction(_ sanction: Sanction) async throws {
        var record = SanctionRecord(sanction)
        record.liftedAt = nil
        record.liftedBy = nil
        try await write { [record] db in try record.insert(db) }
    }

    func liftSanction(id: String, at date: Date, by actor: String) async throws -> Sanction? {
        try await write { db in
            let columns = SanctionRecord.Columns.self
            _ = try SanctionRecord.filter(key: id).filter(columns.liftedAt == nil)
                .updateAll(db, columns.liftedAt.set(to: date.timeIntervalSince1970), columns.liftedBy.set(to: actor))
            return try SanctionRecord.fetchOne(db, key: id)?.sanction
        }
    }

    func sanctions(includingInactive: Bool, at now: Date) async throws -> [Sanction] {
        try await read { db in
            let columns = SanctionRecord.Columns.self
            var request = SanctionRecord.order(columns.createdAt.desc)
            if !includingInactive {
                request = request.filter(columns.liftedAt == nil && (columns.expiresAt == nil || columns.expiresAt > now.timeIntervalSince1970))
            }
            return try request.fetchAll(db).map(\.sanction)
        }
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
}
