/// How a poll ends.
public enum PollOutcome: Sendable {
    /// Events (or none, at the timeout or when superseded).
    case batch(PollBatch)
    /// The session is gone and its mailbox has nothing left to deliver.
    case ended
    /// The server is shutting down; the client should come back later.
    case shuttingDown
}

extension PollOutcome {
    /// Whether this answer ends the session: the session's own last event (`reconnect: false`, after a kick,
    /// a ban or a leave), or no session left at all.
    public var endsSession: Bool {
        switch self {
        case .batch(let batch): batch.events.last?.event.reconnect == false
        case .ended, .shuttingDown: true
        }
    }
}
