import AdminAPI
import Foundation
import GRDB

/// Bans, mutes, overrides and the limits in force. (``ModerationStore``.)
extension SQLiteStore {
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
            id: row["id"],
            kind: Sanction.Kind(rawValue: row["kind"]) ?? .ban,
            target: row["target"],
            address: row["address"],
            publicReason: row["public_reason"],
            privateReason: row["private_reason"],
            actor: row["actor"],
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
}
