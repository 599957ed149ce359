import AdminAPI
import Foundation
import PostgresNIO

/// Bans, mutes, overrides and the limits in force. (``ModerationStore``.) Overrides and limits are kept as
/// the admin API's JSON, as in the SQLite file.
extension PostgresStore {
    static let sanctionColumns =
        "id, kind, target, address, public_reason, private_reason, actor, created_at, expires_at, lifted_at, lifted_by"

    func saveSanction(_ sanction: Sanction) async throws {
        let logger = logger
        try await write { connection in
            _ = try await connection.query(
                """
                INSERT INTO sanction (\(unescaped: Self.sanctionColumns))
                VALUES (\(sanction.id), \(sanction.kind.rawValue), \(sanction.target), \(sanction.address), \(sanction.publicReason),
                        \(sanction.privateReason), \(sanction.actor), \(sanction.createdAt.timeIntervalSince1970),
                        \(sanction.expiresAt?.timeIntervalSince1970), NULL, NULL)
                """,
                logger: logger
            )
            try await Self.tell(.moderation, on: connection, logger: logger)
        }
    }

    func liftSanction(id: String, at date: Date, by actor: String) async throws -> Sanction? {
        let logger = logger
        return try await write { connection in
            try await connection.query(
                "UPDATE sanction SET lifted_at = \(date.timeIntervalSince1970), lifted_by = \(actor) WHERE id = \(id) AND lifted_at IS NULL",
                logger: logger
            )
            try await Self.tell(.moderation, on: connection, logger: logger)
            return try await Self.sanctions(
                connection.query("SELECT \(unescaped: Self.sanctionColumns) FROM sanction WHERE id = \(id)", logger: logger)
            ).first
        }
    }

    func sanctions(includingInactive: Bool, at now: Date) async throws -> [Sanction] {
        let logger = logger
        let at = now.timeIntervalSince1970
        return try await read { connection in
            let query: PostgresQuery =
                if includingInactive {
                    "SELECT \(unescaped: Self.sanctionColumns) FROM sanction ORDER BY created_at DESC"
                } else {
                    """
                    SELECT \(unescaped: Self.sanctionColumns) FROM sanction
                    WHERE lifted_at IS NULL AND (expires_at IS NULL OR expires_at > \(at))
                    ORDER BY created_at DESC
                    """
                }
            return try await Self.sanctions(connection.query(query, logger: logger))
        }
    }

    func saveOverride(_ override: LimitOverride) async throws {
        let logger = logger
        let body = String(decoding: try AdminJSON.encoder().encode(override), as: UTF8.self)
        try await write { connection in
            _ = try await connection.query("INSERT INTO limit_override (id, body) VALUES (\(override.id), \(body))", logger: logger)
            try await Self.tell(.moderation, on: connection, logger: logger)
        }
    }

    func removeOverride(id: String) async throws -> Bool {
        let logger = logger
        return try await write { connection in
            let removed = try await connection.query("DELETE FROM limit_override WHERE id = \(id) RETURNING id", logger: logger).collect().count > 0
            if removed { try await Self.tell(.moderation, on: connection, logger: logger) }
            return removed
        }
    }

    func overrides() async throws -> [LimitOverride] {
        let logger = logger
        let bodies = try await read { connection in
            var bodies: [String] = []
            for try await body in try await connection.query("SELECT body FROM limit_override", logger: logger).decode(String.self) {
                bodies.append(body)
            }
            return bodies
        }
        let decoder = AdminJSON.decoder()
        return bodies.compactMap { try? decoder.decode(LimitOverride.self, from: Data($0.utf8)) }.sorted { $0.createdAt > $1.createdAt }
    }

    func saveLimits(_ limits: StoredLimits) async throws {
        let logger = logger
        let value = String(decoding: try AdminJSON.encoder().encode(limits), as: UTF8.self)
        try await write { connection in
            _ = try await connection.query(
                "INSERT INTO setting (key, value) VALUES ('limits', \(value)) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                logger: logger
            )
            try await Self.tell(.moderation, on: connection, logger: logger)
        }
    }

    func loadLimits() async throws -> StoredLimits? {
        let logger = logger
        let value = try await read { connection in
            var value: String?
            for try await text in try await connection.query("SELECT value FROM setting WHERE key = 'limits'", logger: logger).decode(String.self) {
                value = text
            }
            return value
        }
        return try value.map { try AdminJSON.decoder().decode(StoredLimits.self, from: Data($0.utf8)) }
    }

    static func sanctions(_ rows: PostgresRowSequence) async throws -> [Sanction] {
        var sanctions: [Sanction] = []
        let columns = (String, String, String, String?, String?, String?, String, Double, Double?, Double?, String?).self
        for try await (id, kind, target, address, publicReason, privateReason, actor, createdAt, expiresAt, liftedAt, liftedBy) in rows.decode(
            columns
        ) {
            sanctions.append(
                Sanction(
                    id: id,
                    kind: Sanction.Kind(rawValue: kind) ?? .ban,
                    target: target,
                    address: address,
                    publicReason: publicReason,
                    privateReason: privateReason,
                    actor: actor,
                    createdAt: Date(timeIntervalSince1970: createdAt),
                    expiresAt: expiresAt.map(Date.init(timeIntervalSince1970:)),
                    liftedAt: liftedAt.map(Date.init(timeIntervalSince1970:)),
                    liftedBy: liftedBy
                )
            )
        }
        return sanctions
    }
}
