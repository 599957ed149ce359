import AdminAPI
import Foundation
import PostgresNIO

/// Automod rules, kept as the admin API's JSON as in the SQLite file. (``RuleStore``.)
extension PostgresStore {
    func saveRule(_ rule: AutomodRule) async throws {
        let logger = logger
        let body = rule.stored
        try await write { connection in
            _ = try await connection.query(
                "INSERT INTO automod_rule (id, body) VALUES (\(rule.id), \(body)) ON CONFLICT (id) DO UPDATE SET body = excluded.body",
                logger: logger
            )
            try await Self.tell(.rules, on: connection, logger: logger)
        }
    }

    func removeRule(id: String) async throws -> Bool {
        let logger = logger
        return try await write { connection in
            let removed = try await connection.query("DELETE FROM automod_rule WHERE id = \(id) RETURNING id", logger: logger).collect().count > 0
            if removed { try await Self.tell(.rules, on: connection, logger: logger) }
            return removed
        }
    }

    func rules() async throws -> [AutomodRule] {
        let logger = logger
        let bodies = try await read { connection in
            var bodies: [String] = []
            for try await body in try await connection.query("SELECT body FROM automod_rule", logger: logger).decode(String.self) {
                bodies.append(body)
            }
            return bodies
        }
        return AutomodRule.decodeAll(bodies)
    }
}
