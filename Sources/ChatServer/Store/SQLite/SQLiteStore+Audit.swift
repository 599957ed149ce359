import AdminAPI
import Foundation
import GRDB

/// The audit log: appended, counted when coalesced, read by query, pruned. (``AuditStore``.)
extension SQLiteStore {
    func appendAudit(_ record: AuditRecord) async throws -> Int64 {
        try await write { db in
            var row = AuditRow(record)
            try row.insert(db)
            return row.id ?? db.lastInsertedRowID
        }
    }

    func updateAuditCount(id: Int64, count: Int, lastAt: Date) async throws {
        try await write { db in
            let columns = AuditRow.Columns.self
            _ = try AuditRow.filter(key: id).updateAll(db, columns.count.set(to: count), columns.lastAt.set(to: lastAt.timeIntervalSince1970))
        }
    }

    func pruneAudit(before date: Date, keepingNewest: Int) async throws -> Int {
        try await write { db in
            let columns = AuditRow.Columns.self
            var removed = try AuditRow.filter(columns.at < date.timeIntervalSince1970).deleteAll(db)
            let newestKept = AuditRow.select(columns.id).order(columns.id.desc).limit(1, offset: max(0, keepingNewest))
            if let cutoff = try Int64.fetchOne(db, newestKept) {
                removed += try AuditRow.filter(columns.id <= cutoff).deleteAll(db)
            }
            return removed
        }
    }

    func audit(_ query: AuditQuery) async throws -> [AuditEntry] {
        try await read { db in
            let columns = AuditRow.Columns.self
            var request = AuditRow.all()
            if let actor = query.actor { request = request.filter(columns.actor == actor) }
            if let action = query.action { request = request.filter(columns.action == action) }
            if let since = query.since { request = request.filter(columns.at >= since.timeIntervalSince1970) }
            if let until = query.until { request = request.filter(columns.at < until.timeIntervalSince1970) }
            if let before = query.before { request = request.filter(columns.id < before) }
            if let after = query.after { request = request.filter(columns.id > after) }
            // Following reads forwards from a known line; every other query reads the newest first.
            request = request.order(query.after != nil ? columns.id.asc : columns.id.desc)
            return try request.limit(min(max(query.limit, 1), AuditQuery.maxLimit)).fetchAll(db).map(\.entry)
        }
    }
}
