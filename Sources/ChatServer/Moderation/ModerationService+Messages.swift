import AdminAPI
import Foundation

/// Taking messages back: one by its sequence number, or a person's recent ones (a purge, also as part of a
/// ban). The room is told with one `removed` event; each message taken back gets an audit line of its own,
/// `message.removed`, holding its text for moderators.
extension ModerationService {
    /// The longest stretch a purge reaches back: older messages than this are beyond what the room keeps.
    static let purgeReach = 7 * 86400

    func removeMessage(seq: UInt64, reason rawReason: String?, actor: String, source: String) async throws -> RemovalResult {
        let reason = try Self.reason(rawReason)
        let removed = try room.removeMessage(seq: seq, reason: reason, actor: actor)
        await auditRemoved([removed], reason: reason, actor: actor, source: source)
        return RemovalResult(removed: [removed.removal])
    }

    func purge(_ request: PurgeRequest, actor: String, source: String) async throws -> RemovalResult {
        let target = try ModerationTarget(parsing: request.target)
        let since = try purgeStart(request.last)
        let reason = try Self.reason(request.reason)
        let taken = room.purge(target, since: since, reason: reason, actor: actor)
        await auditRemoved(taken, reason: reason, actor: actor, source: source)
        return RemovalResult(removed: taken.map(\.removal))
    }

    /// The time a purge of the last `text` (`10m`) reaches back to.
    func purgeStart(_ text: String) throws(ModerationError) -> Date {
        let seconds = try Self.seconds(text, for: "the stretch to purge")
        guard seconds <= Self.purgeReach else {
            throw ModerationError(.invalidDuration, "a purge reaches back at most 7d; the room keeps no older messages")
        }
        return clock.now().addingTimeInterval(-Double(seconds))
    }

    /// One line per message taken back, with who said what.
    func auditRemoved(_ messages: [SentMessage], reason: String?, actor: String, source: String) async {
        for message in messages {
            let said = "<\(message.sender.display)> \(message.event.event.text ?? "")"
            await audit.record(
                actor: actor,
                source: source,
                action: "message.removed",
                target: "\(message.sender.display) #\(message.event.seq)",
                reason: reason.map { "\($0); said: \(said)" } ?? "said: \(said)",
                outcome: "ok",
                reasonLimit: 3000
            )
        }
    }
}
