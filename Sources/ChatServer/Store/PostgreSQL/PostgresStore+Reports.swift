import AdminAPI
import Foundation
import PostgresNIO

/// Reports, kept as the admin API's JSON as in the SQLite file. (``ReportStore``.)
extension PostgresStore {
    func saveReport(_ report: Report) async throws {
        let logger = logger
        let body = String(decoding: try AdminJSON.encoder().encode(report), as: UTF8.self)
        try await write { connection in
            _ = try await connection.query(
                "INSERT INTO report (id, body) VALUES (\(report.id), \(body)) ON CONFLICT (id) DO UPDATE SET body = excluded.body",
                logger: logger
            )
        }
    }

    func reports() async throws -> [Report] {
        let logger = logger
        let bodies = try await read { connection in
            var bodies: [String] = []
            for try await body in try await connection.query("SELECT body FROM report", logger: logger).decode(String.self) {
                bodies.append(body)
            }
            return bodies
        }
        return Report.decodeAll(bodies)
    }
}
