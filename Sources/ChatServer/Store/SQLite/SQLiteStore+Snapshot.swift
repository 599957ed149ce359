import AdminAPI
import Foundation
import GRDB

/// Every row out and in, for `store migrate`. (``SnapshotStore``.)
extension SQLiteStore: SnapshotStore {
    func snapshot() async throws -> StoreSnapshot {
        try await read { db in
            StoreSnapshot(
                accounts: try AccountRecord.order(AccountRecord.Columns.username).fetchAll(db).map(\.stored),
                tokens: try TokenRecord.order(TokenRecord.Columns.createdAt).fetchAll(db).map(\.stored),
                sanctions: try SanctionRecord.order(SanctionRecord.Columns.createdAt).fetchAll(db).map(\.sanction),
                overrides: Dictionary(
                    uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT id, body FROM limit_override").map { ($0["id"], $0["body"]) }
                ),
                settings: Dictionary(
                    uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT key, value FROM setting").map { ($0["key"], $0["value"]) }
                ),
                reports: Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT id, body FROM report").map { ($0["id"], $0["body"]) }),
                rules: Dictionary(
                    uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT id, body FROM automod_rule").map { ($0["id"], $0["body"]) }
                ),
                audit: try AuditRow.order(AuditRow.Columns.id).fetchAll(db).map(\.entry)
            ).ordered()
        }
    }

    func restore(_ snapshot: StoreSnapshot, replacing: Bool) async throws {
        try await write { db in
            let held = try StoreSnapshot.tables.reduce(0) { $0 + (try Int.fetchOne(db, sql: "SELECT count(*) FROM \($1)") ?? 0) }
            if held > 0 {
                guard replacing else { throw StoreError.conflict("the target holds \(held) rows already; give --force to replace them") }
                for table in StoreSnapshot.tables.reversed() { try db.execute(sql: "DELETE FROM \(table)") }
            }
            for account in snapshot.accounts { try AccountRecord(account).insert(db) }
            for token in snapshot.tokens { try TokenRecord(token).insert(db) }
            for sanction in snapshot.sanctions { try SanctionRecord(sanction).insert(db) }
            for (id, body) in snapshot.overrides {
                try db.execute(sql: "INSERT INTO limit_override (id, body) VALUES (?, ?)", arguments: [id, body])
            }
            for (key, value) in snapshot.settings { try db.execute(sql: "INSERT INTO setting (key, value) VALUES (?, ?)", arguments: [key, value]) }
            for (id, body) in snapshot.reports { try db.execute(sql: "INSERT INTO report (id, body) VALUES (?, ?)", arguments: [id, body]) }
            for (id, body) in snapshot.rules { try db.execute(sql: "INSERT INTO automod_rule (id, body) VALUES (?, ?)", arguments: [id, body]) }
            for entry in snapshot.audit {
                var row = AuditRow(entry)  // with its id
                try row.insert(db)
            }
            let found = try StoreSnapshot.tables.map { try Int.fetchOne(db, sql: "SELECT count(*) FROM \($0)") ?? 0 }
            guard found == snapshot.counts.map(\.value) else {
                throw StoreError.unavailable("the copy holds \(found) rows, the source \(snapshot.counts.map(\.value)); nothing was changed")
            }
        }
    }
}
