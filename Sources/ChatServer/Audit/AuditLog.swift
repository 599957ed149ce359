import AdminAPI
import Foundation
import Logging

/// Writes audit lines: every change made through the admin API and every refused attempt.
///
/// A change's line is on disk before the answer it describes is sent. Every field is cut to
/// ``fieldLimit`` bytes, marked as cut, so no request can write a large line. Refusals are coalesced
/// (``AuditCoalescer``): the first of a kind from a source is written at once, repeats within the minute
/// only raise its count, which ``flush()`` writes (the maintenance service calls it every second).
actor AuditLog {
    let store: any ControlStore
    let clock: any ChatClock
    let logger: Logger
    /// This node's name, on every line it writes: nodes sharing a database share one log.
    let node: String?
    private var coalescer = AuditCoalescer()

    /// The most bytes of UTF-8 a field keeps.
    static let fieldLimit = 256

    init(store: any ControlStore, clock: any ChatClock, node: String? = nil, logger: Logger) {
        self.store = store
        self.node = node
        self.clock = clock
        self.logger = logger
    }

    /// Writes one line.
    /// - Parameter reasonLimit: the reason's bound in bytes: ``fieldLimit``, unless the server wrote the
    ///   reason itself from what it already bounds (a removed message's text, at most 500 characters).
    func record(
        actor: String,
        source: String,
        action: String,
        target: String?,
        reason: String?,
        outcome: String,
        reasonLimit: Int = fieldLimit
    ) async {
        let cut = { (text: String) in Self.cut(text) }
        let record = AuditRecord(
            at: clock.now(),
            actor: cut(actor),
            source: cut(source),
            action: cut(action),
            target: target.map(cut),
            reason: reason.map { Self.cut($0, to: reasonLimit) },
            outcome: cut(outcome),
            node: node
        )
        guard record.outcome != "ok" else {
            _ = await append(record)
            return
        }
        switch coalescer.note(record, at: record.at) {
        case .write(let key, let line):
            coalescer.written(key, id: await append(line))
        case .counted:
            break
        }
    }

    /// Writes the counts of coalesced lines that grew, and closes lines whose minute is over.
    func flush() async {
        for update in coalescer.flush(at: clock.now()) {
            do {
                try await store.updateAuditCount(id: update.id, count: update.count, lastAt: update.lastAt)
            } catch {
                logger.error("audit count not written", metadata: ["chat.audit.id": "\(update.id)", "chat.error": "\(error)"])
            }
        }
    }

    /// Deletes lines older than `maxAge` and beyond the newest `maxLines`, and audits that it did.
    func prune(_ retention: AuditRetention) async {
        do {
            let removed = try await store.pruneAudit(before: clock.now().addingTimeInterval(-retention.maxAge), keepingNewest: retention.maxLines)
            guard removed > 0 else { return }
            logger.info("audit lines pruned", metadata: ["chat.audit.removed": "\(removed)"])
            await record(
                actor: "system",
                source: "local",
                action: "audit.prune",
                target: nil,
                reason: "removed \(removed) line\(removed == 1 ? "" : "s"): \(retention)",
                outcome: "ok"
            )
        } catch {
            logger.error("audit lines not pruned", metadata: ["chat.error": "\(error)"])
        }
    }

    private func append(_ record: AuditRecord) async -> Int64? {
        do {
            return try await store.appendAudit(record)
        } catch {
            logger.error(
                "audit line not written",
                metadata: ["chat.audit.action": "\(record.action)", "chat.audit.actor": "\(record.actor)", "chat.error": "\(error)"]
            )
            return nil
        }
    }

    /// `text` cut to at most `limit` bytes on a character boundary, ending in a mark that says how
    /// much was cut.
    static func cut(_ text: String, to limit: Int = fieldLimit) -> String {
        guard text.utf8.count > limit else { return text }
        let total = text.utf8.count
        var kept = ""
        var bytes = 0
        let room = limit - 24  // the mark: "…[cut 1234567 bytes]"
        for character in text {
            let size = character.utf8.count
            guard bytes + size <= room else { break }
            kept.append(character)
            bytes += size
        }
        return kept + "…[cut \(total - bytes) bytes]"
    }
}

/// How long and how much of the audit log is kept.
struct AuditRetention: Sendable, Equatable, CustomStringConvertible {
    /// Lines older than this are deleted.
    var maxAge: TimeInterval
    /// Beyond this many, the oldest lines are deleted.
    var maxLines: Int

    static let defaults = AuditRetention(maxAge: 365 * 86400, maxLines: 1_000_000)

    var description: String {
        "older than \(DurationText.format(Int(maxAge))) or beyond the newest \(maxLines)"
    }
}
