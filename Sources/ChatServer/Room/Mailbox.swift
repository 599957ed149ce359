import DequeModule
import Foundation

/// One session's view of the room, as a pure state machine (no locks, no I/O): a cursor into the shared
/// ``RoomLog`` plus the few events meant for this session alone. The ``PostOffice`` owns every mailbox
/// and drives them under its lock.
///
/// Events stay until a poll's `since` acknowledges them, so a response lost in flight is sent again. A
/// session that falls more than the log's capacity behind gets a gap marker saying how many events it
/// missed; its own events are bounded the same way.
struct Mailbox {
    /// Where a session stands in the room log: the last `seq` it acknowledged (or was offered) and how many
    /// room events lie up to it.
    struct Position {
        var seq: UInt64
        var ordinal: Int
    }

    /// How a session ended: its last event and where the room stood then.
    struct Closing {
        let at: Date
        /// Room events after this `seq` are not for this session.
        let through: UInt64
        let ordinal: Int
    }

    let capacity: Int
    /// Events for this session alone (its last event when it is removed, for instance), oldest first.
    private(set) var own: Deque<EncodedEvent> = []
    /// Own events dropped for overflow that the client has not yet been told of.
    private(set) var ownMissed = 0
    private(set) var ownMissedThrough: UInt64 = 0
    /// The highest sequence number the client has confirmed.
    private(set) var acknowledged: Position
    /// The cursor of the last batch handed out, so that acknowledging it later is exact even when the log
    /// has since pushed it out.
    private var offered: Position?
    /// Set when the session ended (left, idle, kicked): the mailbox delivers what it holds, then goes away.
    var closing: Closing?
    /// When a poll of this session was last answered: activity, like the poll's start, for the idle timeout.
    var lastAnswered: Date?

    init(capacity: Int, cursor: UInt64, ordinal: Int) {
        precondition(capacity > 0, "a mailbox holds at least one event")
        self.capacity = capacity
        self.acknowledged = Position(seq: cursor, ordinal: ordinal)
    }

    var isClosed: Bool { closing != nil }

    /// Queues an event for this session alone, dropping the oldest when full.
    mutating func deliverOwn(_ event: EncodedEvent) {
        own.append(event)
        if own.count > capacity {
            ownMissedThrough = own.removeFirst().seq
            ownMissed += 1
        }
    }

    /// Remembers the cursor of a batch handed out, and how many room events lie up to it.
    mutating func offer(_ position: Position) {
        offered = position
    }

    /// Forgets every event up to and including `since`: the client has them.
    mutating func acknowledge(through since: UInt64, in log: RoomLog) {
        guard since > acknowledged.seq else { return }
        while let first = own.first, first.seq <= since {
            own.removeFirst()
        }
        if since >= ownMissedThrough {
            ownMissed = 0
        }
        if let ordinal = log.ordinal(through: since) {
            acknowledged = Position(seq: since, ordinal: ordinal)
        } else if let offered, offered.seq == since {
            acknowledged = offered
        } else {
            // A cursor the log has pushed out and this mailbox never handed out: keep the count of room
            // events read as it was, which can only overstate what a later gap marker says was missed.
            acknowledged.seq = since
        }
    }

    /// The events after `since` (never before what was acknowledged), or nil when there is nothing to say.
    func batch(after since: UInt64, in log: RoomLog, at now: Date) -> PollBatch? {
        let from = max(since, acknowledged.seq)
        let limit = closing?.through ?? .max
        var events = Array(log.events(after: from, through: limit))
        if let last = own.last, last.seq > from {
            events = Self.merged(events, own.filter { $0.seq > from })
        }
        var missed = 0
        var missedThrough: UInt64 = 0
        if from < log.evictedThrough {
            let fromOrdinal = from == acknowledged.seq ? acknowledged.ordinal : log.ordinal(through: from) ?? acknowledged.ordinal
            let reachable = min(log.evictedCount, closing?.ordinal ?? .max)
            missed += max(0, reachable - fromOrdinal)
            missedThrough = min(log.evictedThrough, limit)
        }
        if ownMissed > 0, from < ownMissedThrough {
            missed += ownMissed
            missedThrough = max(missedThrough, ownMissedThrough)
        }
        let gap = missed > 0 ? EncodedEvent(seq: missedThrough, event: ChatEvent(kind: .gap, at: now, missed: missed)) : nil
        guard !events.isEmpty || gap != nil else { return nil }
        return PollBatch(events: events, gap: gap, cursor: max(events.last?.seq ?? 0, missedThrough))
    }

    /// Two runs of events, each in `seq` order, as one.
    private static func merged(_ room: [EncodedEvent], _ own: [EncodedEvent]) -> [EncodedEvent] {
        var result: [EncodedEvent] = []
        result.reserveCapacity(room.count + own.count)
        var (i, j) = (0, 0)
        while i < room.count || j < own.count {
            if j == own.count || (i < room.count && room[i].seq < own[j].seq) {
                result.append(room[i])
                i += 1
            } else {
                result.append(own[j])
                j += 1
            }
        }
        return result
    }
}
