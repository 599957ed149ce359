import Foundation
import Logging

/// Writes audit lines: every change made through the admin API and every refused attempt. A line is on
/// disk before the answer it describes is sent.
struct AuditLog: Sendable {
    let store: any ControlStore
    let clock: any ChatClock
    let logger: Logger

    func record(actor: String, source: String, action: String, target: String?, reason: String?, outcome: String) async {
        let record = AuditRecord(at: clock.now(), actor: actor, source: source, action: action, target: target, reason: reason, outcome: outcome)
        do {
            try await store.appendAudit(record)
        } catch {
            logger.error(
                "audit line not written",
                metadata: ["chat.audit.action": "\(action)", "chat.audit.actor": "\(actor)", "chat.error": "\(error)"]
            )
        }
    }
}
