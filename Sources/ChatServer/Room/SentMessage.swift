import AdminAPI
import Foundation

/// A message the room sent out, kept a while so a moderator can take it back: the event as everyone got
/// it, and who sent it from where (a purge may name a nick, an address or a range).
struct SentMessage: Sendable {
    let event: EncodedEvent
    let sender: Nick
    let address: IPAddress?
    /// Taken back by a moderator: no longer in the history a join receives.
    var removed = false

    /// Whether `target` sent it (by nick, or from the address) at or after `since`: what a purge takes.
    func sent(by target: ModerationTarget, since: Date) -> Bool {
        event.event.at >= since && target.matches(nick: sender, address: address)
    }

    /// As the admin API lists what was removed.
    var removal: RemovedMessage {
        RemovedMessage(seq: event.seq, nick: sender.display, text: event.event.text ?? "", at: event.event.at)
    }
}
