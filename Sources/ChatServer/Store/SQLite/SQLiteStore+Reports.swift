import AdminAPI
import Foundation
import GRDB

/// Reports, kept as the admin API's JSON. (``ReportStore``.)
extension SQLiteStore {
    func saveReport(_ report: Report) async throws {
        let body = String(decoding: try AdminJSON.encoder().encode(report), as: UTF8.self)
        try await write { db in
            try db.execute(
                sql: "INSERT INTO report (id, body) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET body = excluded.body",
                arguments: [report.id, body]
            )
        }
    }

    func reports() async throws -> [Report] {
        let bodies = try await read { db in try String.fetchAll(db, sql: "SELECT body FROM report") }
        return Report.decodeAll(bodies)
    }
}
