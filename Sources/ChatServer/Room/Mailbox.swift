import DequeModule
import Foundation

/// One session's queue of events, as a pure state machine (no locks, no I/O): the ``PostOffice`` owns every
/// mailbox and drives them under its lock.
///
/// Events stay until a poll's `since` acknowledges them, so a response lost in flight is sent again. The
/// queue is bounded: past ``capacity`` the oldest event is dropped and counted, and the next batch starts with
/// a gap marker saying how many were missed.
struct Mailbox {
    /// A poll waiting for events.
    struct Waiter {
        let id: UInt64
        let since: UInt64
        let continuation: CheckedContinuation<PollOutcome, Never>
    }

    let capacity: Int
    private(set) var pending: Deque<EncodedEvent> = []
    /// The highest sequence number the client has confirmed.
    private(set) var acknowledged: UInt64
    /// Events dropped for overflow that the client has not yet been told of.
    private(set) var missed = 0
    /// The sequence number of the newest dropped event.
    private(set) var missedThrough: UInt64 = 0
    /// The held poll, if any. At most one per mailbox.
    var waiter: Waiter?
    /// When the session ended (left, idle, kicked). A closed mailbox delivers what it holds, then goes away.
    var closedAt: Date?

    init(capacity: Int, cursor: UInt64) {
        precondition(capacity > 0, "a mailbox holds at least one event")
        self.capacity = capacity
        self.acknowledged = cursor
    }

    /// Queues an event, dropping the oldest when full.
    mutating func deliver(_ event: EncodedEvent) {
        pending.append(event)
        if pending.count > capacity {
            let dropped = pending.removeFirst()
            missed += 1
            missedThrough = dropped.seq
        }
    }

    /// Forgets every event up to and including `since`: the client has them.
    mutating func acknowledge(through since: UInt64) {
        while let first = pending.first, first.seq <= since {
            pending.removeFirst()
        }
        if since >= missedThrough {
            missed = 0
        }
        acknowledged = max(acknowledged, since)
    }

    /// The events after `since`, or nil when there is nothing to say.
    func batch(after since: UInt64, at now: Date) -> PollBatch? {
        let events = Array(pending.filter { $0.seq > since })
        var gap: EncodedEvent?
        if missed > 0, since < missedThrough {
            gap = EncodedEvent(seq: missedThrough, event: ChatEvent(kind: .gap, at: now, missed: missed))
        }
        guard !events.isEmpty || gap != nil else { return nil }
        let cursor = events.last?.seq ?? missedThrough
        return PollBatch(events: events, gap: gap, cursor: cursor)
    }
}
