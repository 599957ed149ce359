import AdminAPI
import Foundation
import GRDB

/// Automod rules, kept as the admin API's JSON. (``RuleStore``.)
extension SQLiteStore {
    func saveRule(_ rule: AutomodRule) async throws {
        let body = rule.stored
        try await write { db in
            try db.execute(
                sql: "INSERT INTO automod_rule (id, body) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET body = excluded.body",
                arguments: [rule.id, body]
            )
        }
    }

    func removeRule(id: String) async throws -> Bool {
        try await write { db in
            try db.execute(sql: "DELETE FROM automod_rule WHERE id = ?", arguments: [id])
            return db.changesCount > 0
        }
    }

    func rules() async throws -> [AutomodRule] {
        AutomodRule.decodeAll(try await read { db in try String.fetchAll(db, sql: "SELECT body FROM automod_rule") })
    }
}
