import AdminAPI
import Foundation
import PostgresNIO

/// The audit log: appended, counted when coalesced, read by query, pruned. (``AuditStore``.)
extension PostgresStore {
    static let auditColumns = "id, at, actor, source, action, target, reason, outcome, count, last_at, node"

    func appendAudit(_ record: AuditRecord) async throws -> Int64 {
        let logger = logger
        return try await write { connection in
            var id: Int64 = 0
            let rows = try await connection.query(
                """
                INSERT INTO audit (at, actor, source, action, target, reason, outcome, count, last_at, node)
                VALUES (\(record.at.timeIntervalSince1970), \(record.actor), \(record.source), \(record.action), \(record.target),
                        \(record.reason), \(record.outcome), \(record.count), \(record.lastAt?.timeIntervalSince1970), \(record.node))
                RETURNING id
                """,
                logger: logger
            )
            for try await value in rows.decode(Int64.self) { id = value }
            return id
        }
    }

    func updateAuditCount(id: Int64, count: Int, lastAt: Date) async throws {
        let logger = logger
        try await write { connection in
            _ = try await connection.query(
                "UPDATE audit SET count = \(count), last_at = \(lastAt.timeIntervalSince1970) WHERE id = \(id)",
                logger: logger
            )
        }
    }

    func pruneAudit(before date: Date, keepingNewest: Int) async throws -> Int {
        let logger = logger
        return try await write { connection in
            var removed = try await connection.query("DELETE FROM audit WHERE at < \(date.timeIntervalSince1970) RETURNING id", logger: logger)
                .collect().count
            var cutoff: Int64?
            let newest = try await connection.query(
                "SELECT id FROM audit ORDER BY id DESC LIMIT 1 OFFSET \(max(0, keepingNewest))",
                logger: logger
            )
            for try await id in newest.decode(Int64.self) { cutoff = id }
            if let cutoff {
                removed += try await connection.query("DELETE FROM audit WHERE id <= \(cutoff) RETURNING id", logger: logger).collect().count
            }
            return removed
        }
    }

    func audit(_ query: AuditQuery) async throws -> [AuditEntry] {
        let logger = logger
        // Only the filters given, so that the planner can use the index each one has.
        var clauses: [String] = []
        var binds = PostgresBindings()
        func filter(_ clause: String, _ value: some PostgresDynamicTypeEncodable) {
            binds.append(value)
            clauses.append(clause + " $\(binds.count)")
        }
        if let actor = query.actor { filter("actor =", actor) }
        if let action = query.action { filter("action =", action) }
        if let since = query.since { filter("at >=", since.timeIntervalSince1970) }
        if let until = query.until { filter("at <", until.timeIntervalSince1970) }
        if let before = query.before { filter("id <", before) }
        if let after = query.after { filter("id >", after) }
        let condition = clauses.isEmpty ? "" : " WHERE " + clauses.joined(separator: " AND ")
        // Following reads forwards from a known line; every other query reads the newest first.
        let order = query.after != nil ? "ASC" : "DESC"
        let limit = min(max(query.limit, 1), AuditQuery.maxLimit)
        let sql = "SELECT \(Self.auditColumns) FROM audit\(condition) ORDER BY id \(order) LIMIT \(limit)"
        let statement = PostgresQuery(unsafeSQL: sql, binds: binds)
        return try await read { connection in try await Self.auditEntries(connection.query(statement, logger: logger)) }
    }

    static func auditEntries(_ rows: PostgresRowSequence) async throws -> [AuditEntry] {
        var entries: [AuditEntry] = []
        let columns = (Int64, Double, String, String, String, String?, String?, String, Int, Double?, String?).self
        for try await (id, at, actor, source, action, target, reason, outcome, count, lastAt, node) in rows.decode(columns) {
            entries.append(
                AuditEntry(
                    id: id,
                    at: Date(timeIntervalSince1970: at),
                    actor: actor,
                    source: source,
                    action: action,
                    target: target,
                    reason: reason,
                    outcome: outcome,
                    count: count,
                    lastAt: lastAt.map(Date.init(timeIntervalSince1970:)),
                    node: node
                )
            )
        }
        return entries
    }
}
