import AdminAPI
import Foundation
import GRDB

/// The audit log: appended, counted when coalesced, read by query, pruned. (``AuditStore``.)
extension SQLiteStore {
    func appendAudit(_ record: AuditRecord) async throws -> Int64 {
        try await write { db in
            try db.execute(
                sql: "INSERT INTO audit (at, actor, source, action, target, reason, outcome, count, last_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                arguments: [
                    record.at.timeIntervalSince1970, record.actor, record.source, record.action, record.target, record.reason, record.outcome,
                    record.count, record.lastAt?.timeIntervalSince1970,
                ]
            )
            return db.lastInsertedRowID
        }
    }

    func updateAuditCount(id: Int64, count: Int, lastAt: Date) async throws {
        try await write { db in
            try db.execute(sql: "UPDATE audit SET count = ?, last_at = ? WHERE id = ?", arguments: [count, lastAt.timeIntervalSince1970, id])
        }
    }

    func pruneAudit(before date: Date, keepingNewest: Int) async throws -> Int {
        try await write { db in
            try db.execute(sql: "DELETE FROM audit WHERE at < ?", arguments: [date.timeIntervalSince1970])
            var removed = db.changesCount
            if let cutoff = try Int64.fetchOne(db, sql: "SELECT id FROM audit ORDER BY id DESC LIMIT 1 OFFSET ?", arguments: [max(0, keepingNewest)])
            {
                try db.execute(sql: "DELETE FROM audit WHERE id <= ?", arguments: [cutoff])
                removed += db.changesCount
            }
            return removed
        }
    }

    func audit(_ query: AuditQuery) async throws -> [AuditEntry] {
        try await read { db in
            var clauses: [String] = []
            var arguments: StatementArguments = []
            if let actor = query.actor {
                clauses.append("actor = ?")
                arguments += [actor]
            }
            if let action = query.action {
                clauses.append("action = ?")
                arguments += [action]
            }
            if let since = query.since {
                clauses.append("at >= ?")
                arguments += [since.timeIntervalSince1970]
            }
            if let until = query.until {
                clauses.append("at < ?")
                arguments += [until.timeIntervalSince1970]
            }
            if let before = query.before {
                clauses.append("id < ?")
                arguments += [before]
            }
            if let after = query.after {
                clauses.append("id > ?")
                arguments += [after]
            }
            let filter = clauses.isEmpty ? "" : " WHERE " + clauses.joined(separator: " AND ")
            let order = query.after != nil ? "ASC" : "DESC"
            let limit = min(max(query.limit, 1), AuditQuery.maxLimit)
            return try Row.fetchAll(db, sql: "SELECT * FROM audit\(filter) ORDER BY id \(order) LIMIT \(limit)", arguments: arguments).map { row in
                AuditEntry(
                    id: row["id"],
                    at: Date(timeIntervalSince1970: row["at"]),
                    actor: row["actor"],
                    source: row["source"],
                    action: row["action"],
                    target: row["target"],
                    reason: row["reason"],
                    outcome: row["outcome"],
                    count: row["count"],
                    lastAt: (row["last_at"] as Double?).map(Date.init(timeIntervalSince1970:))
                )
            }
        }
    }
}
