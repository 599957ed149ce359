import AdminAPI
import Foundation
import Logging
import PostgresNIO

/// Every row out and in, for `store migrate`. (``SnapshotStore``.)
extension PostgresStore: SnapshotStore {
    func snapshot() async throws -> StoreSnapshot {
        let logger = logger
        // One transaction at REPEATABLE READ: every table as of the same moment.
        return try await write(limit: Self.bulkOperationLimit) { connection in
            try await connection.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY", logger: logger)
            return StoreSnapshot(
                accounts: try await Self.accounts(
                    connection.query("SELECT \(unescaped: Self.accountColumns) FROM account ORDER BY username", logger: logger)
                ),
                tokens: try await Self.tokens(
                    connection.query("SELECT \(unescaped: Self.tokenColumns) FROM token ORDER BY created_at", logger: logger)
                ),
                sanctions: try await Self.sanctions(
                    connection.query("SELECT \(unescaped: Self.sanctionColumns) FROM sanction ORDER BY created_at", logger: logger)
                ),
                overrides: try await Self.pairs(connection.query("SELECT id, body FROM limit_override", logger: logger)),
                settings: try await Self.pairs(connection.query("SELECT key, value FROM setting", logger: logger)),
                reports: try await Self.pairs(connection.query("SELECT id, body FROM report", logger: logger)),
                rules: try await Self.pairs(connection.query("SELECT id, body FROM automod_rule", logger: logger)),
                audit: try await Self.auditEntries(connection.query("SELECT \(unescaped: Self.auditColumns) FROM audit ORDER BY id", logger: logger))
            ).ordered()
        }
    }

    func restore(_ snapshot: StoreSnapshot, replacing: Bool) async throws {
        let logger = logger
        try await write(limit: Self.bulkOperationLimit) { connection in
            var held = 0
            for table in StoreSnapshot.tables {
                held += try await Self.count(connection, table: table, logger: logger)
            }
            if held > 0 {
                guard replacing else { throw StoreError.conflict("the target holds \(held) rows already; give --force to replace them") }
                try await connection.query("TRUNCATE account, token, sanction, limit_override, setting, report, automod_rule, audit", logger: logger)
            }
            for account in snapshot.accounts {
                try await connection.query(
                    """
                    INSERT INTO account (\(unescaped: Self.accountColumns)) VALUES (\(account.username), \(account.role.rawValue), \(account.passwordHash),
                        \(account.createdAt.timeIntervalSince1970), \(account.lastLoginAt?.timeIntervalSince1970))
                    """,
                    logger: logger
                )
            }
            for token in snapshot.tokens {
                try await connection.query(
                    """
                    INSERT INTO token (\(unescaped: Self.tokenColumns)) VALUES (\(token.id), \(token.hash), \(token.name), \(token.account),
                        \(token.kind.rawValue), \(token.createdAt.timeIntervalSince1970), \(token.expiresAt?.timeIntervalSince1970),
                        \(token.lastUsedAt?.timeIntervalSince1970), \(token.revokedAt?.timeIntervalSince1970))
                    """,
                    logger: logger
                )
            }
            for sanction in snapshot.sanctions {
                try await connection.query(
                    """
                    INSERT INTO sanction (\(unescaped: Self.sanctionColumns))
                    VALUES (\(sanction.id), \(sanction.kind.rawValue), \(sanction.target), \(sanction.address), \(sanction.publicReason),
                        \(sanction.privateReason), \(sanction.actor), \(sanction.createdAt.timeIntervalSince1970),
                        \(sanction.expiresAt?.timeIntervalSince1970), \(sanction.liftedAt?.timeIntervalSince1970), \(sanction.liftedBy))
                    """,
                    logger: logger
                )
            }
            for (id, body) in snapshot.overrides {
                try await connection.query("INSERT INTO limit_override (id, body) VALUES (\(id), \(body))", logger: logger)
            }
            for (key, value) in snapshot.settings {
                try await connection.query("INSERT INTO setting (key, value) VALUES (\(key), \(value))", logger: logger)
            }
            for (id, body) in snapshot.reports {
                try await connection.query("INSERT INTO report (id, body) VALUES (\(id), \(body))", logger: logger)
            }
            for (id, body) in snapshot.rules {
                try await connection.query("INSERT INTO automod_rule (id, body) VALUES (\(id), \(body))", logger: logger)
            }
            for entry in snapshot.audit {
                try await connection.query(
                    """
                    INSERT INTO audit (\(unescaped: Self.auditColumns))
                    VALUES (\(entry.id), \(entry.at.timeIntervalSince1970), \(entry.actor), \(entry.source), \(entry.action), \(entry.target),
                        \(entry.reason), \(entry.outcome), \(entry.count), \(entry.lastAt?.timeIntervalSince1970), \(entry.node))
                    """,
                    logger: logger
                )
            }
            // Lines appended later number on from the copied ones.
            try await connection.query(
                "SELECT setval(pg_get_serial_sequence('audit', 'id'), coalesce((SELECT max(id) FROM audit), 0) + 1, false)",
                logger: logger
            )
            var found: [Int] = []
            for table in StoreSnapshot.tables {
                found.append(try await Self.count(connection, table: table, logger: logger))
            }
            guard found == snapshot.counts.map(\.value) else {
                throw StoreError.unavailable("the copy holds \(found) rows, the source \(snapshot.counts.map(\.value)); nothing was changed")
            }
        }
    }

    private static func count(_ connection: PostgresConnection, table: String, logger: Logger) async throws -> Int {
        var count = 0
        for try await value in try await connection.query("SELECT count(*) FROM \(unescaped: table)", logger: logger).decode(Int.self) {
            count = value
        }
        return count
    }

    private static func pairs(_ rows: PostgresRowSequence) async throws -> [String: String] {
        var pairs: [String: String] = [:]
        for try await (key, value) in rows.decode((String, String).self) { pairs[key] = value }
        return pairs
    }
}
