import NIOCore

/// How long a chat connection may take over each part of an exchange before the server closes it. A held
/// poll is under none of these: the poll timeout ends it.
struct ConnectionTimeouts: Sendable, Equatable {
    /// From a request's first byte (or the accept, for the first request) to the end of its head.
    var head: TimeAmount = .seconds(10)
    /// From the end of a request's head to the end of its body.
    var body: TimeAmount = .seconds(10)
    /// From the end of the last answer to the first byte of a next request.
    var idle: TimeAmount = .seconds(35)
    /// How long an answer may wait for a client that does not read it (the connection's unsent bytes over
    /// their bound the whole time).
    var write: TimeAmount = .seconds(30)

    func amount(_ deadline: ConnectionTimeline.Deadline) -> TimeAmount {
        switch deadline {
        case .head: head
        case .body: body
        case .idle: idle
        }
    }
}
