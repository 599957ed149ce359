import AdminAPI

/// A message the room sent out, kept a while so a moderator can take it back: the event as everyone got
/// it, and who sent it from where (a purge may name a nick, an address or a range).
struct SentMessage: Sendable {
    let event: EncodedEvent
    let sender: Nick
    let address: IPAddress?
    /// Taken back by a moderator: no longer in the history a join receives.
    var removed = false

    /// As the admin API lists what was removed.
    var removal: RemovedMessage {
        RemovedMessage(seq: event.seq, nick: sender.display, text: event.event.text ?? "", at: event.event.at)
    }
}
