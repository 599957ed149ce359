import AdminAPI
import Foundation
import GRDB

/// A row of `audit`. The id is nil until inserted (`INTEGER PRIMARY KEY AUTOINCREMENT`).
struct AuditRow: SQLiteRecord {
    static let databaseTableName = "audit"

    var id: Int64?
    var at: Date
    var actor: String
    var source: String
    var action: String
    var target: String?
    var reason: String?
    var outcome: String
    var count: Int
    var lastAt: Date?
    var node: String?

    enum Columns {
        static let id = Column("id")
        static let at = Column("at")
        static let actor = Column("actor")
        static let action = Column("action")
        static let count = Column("count")
        static let lastAt = Column("last_at")
    }

    init(_ record: AuditRecord) {
        at = record.at
        actor = record.actor
        source = record.source
        action = record.action
        target = record.target
        reason = record.reason
        outcome = record.outcome
        count = record.count
        lastAt = record.lastAt
        node = record.node
    }

    /// A line as read, with its id, to copy it as it is.
    init(_ entry: AuditEntry) {
        self.init(
            AuditRecord(
                at: entry.at,
                actor: entry.actor,
                source: entry.source,
                action: entry.action,
                target: entry.target,
                reason: entry.reason,
                outcome: entry.outcome,
                count: entry.count,
                lastAt: entry.lastAt,
                node: entry.node
            )
        )
        id = entry.id
    }

    mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }

    var entry: AuditEntry {
        AuditEntry(
            id: id ?? 0,
            at: at,
            actor: actor,
            source: source,
            action: action,
            target: target,
            reason: reason,
            outcome: outcome,
            count: count,
            lastAt: lastAt,
            node: node
        )
    }
}
