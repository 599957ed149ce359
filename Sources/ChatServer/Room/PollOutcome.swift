/// How a poll ends.
public enum PollOutcome: Sendable {
    /// Events (or none, at the timeout or when superseded).
    case batch(PollBatch)
    /// The session is gone and its mailbox has nothing left to deliver.
    case ended
    /// The server is shutting down; the client should come back later.
    case shuttingDown
}
