/// Which deadline a chat connection is under, as a pure state machine: the ``ConnectionGuard`` feeds it what
/// happens on the connection and arms the deadline it answers with. No sockets, no clock: unit-tested alone.
///
/// The rules:
/// - a new connection's first request head must be complete within the head timeout;
/// - once a request's first byte has come, its head must be complete within the head timeout of that byte;
///   its body within the body timeout of its head;
/// - while the server owes the client an answer (a held poll, a request the router is working on) no read
///   deadline runs: the poll timeout governs a held poll, and nothing waits on the client;
/// - once every answer is written and no next request has begun, the connection is idle and closes after
///   the keep-alive timeout.
///
/// Bytes of a next request that come in the same read as the end of the request before are taken for the
/// start of an idle spell; the keep-alive timeout still bounds them, and the next bytes start the head's.
struct ConnectionTimeline: Equatable {
    enum Deadline: Equatable {
        case head, body, idle
    }

    enum Phase: Equatable {
        /// Between requests, nothing owed, nothing begun.
        case idle
        case readingHead
        case readingBody
        /// Requests read, answers still owed.
        case answering
    }

    private(set) var phase = Phase.readingHead
    /// Requests read whose answer has not ended.
    private(set) var inFlight = 0
    /// Bytes came while answers were still owed: a next request has begun.
    private var nextBegun = false

    /// The deadline a fresh connection starts under.
    static let first = Deadline.head

    /// Bytes arrived. The deadline to arm, if it changes.
    mutating func bytesArrived() -> Deadline? {
        if inFlight > 0 {
            nextBegun = true
            return nil
        }
        guard phase == .idle else { return nil }
        phase = .readingHead
        return .head
    }

    /// A request's head was read; `hasBody` when a body follows.
    mutating func headRead(hasBody: Bool) -> Deadline? {
        guard inFlight == 0 else { return nil }
        guard hasBody else {
            phase = .readingHead  // its end follows at once
            return nil
        }
        phase = .readingBody
        return .body
    }

    /// A request was read to its end. Disarms every read deadline.
    mutating func requestRead() {
        inFlight += 1
        phase = .answering
        nextBegun = false
    }

    /// An answer was written to its end. The deadline to arm once nothing more is owed.
    mutating func answerEnded() -> Deadline? {
        inFlight = max(0, inFlight - 1)
        guard inFlight == 0 else { return nil }
        if nextBegun {
            nextBegun = false
            phase = .readingHead
            return .head
        }
        phase = .idle
        return .idle
    }

    /// Whether a deadline of this kind still applies when it fires (one armed earlier may have been passed by).
    func isCurrent(_ deadline: Deadline) -> Bool {
        switch deadline {
        case .head: phase == .readingHead && inFlight == 0
        case .body: phase == .readingBody && inFlight == 0
        case .idle: phase == .idle && inFlight == 0
        }
    }
}
