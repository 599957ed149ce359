import DequeModule

/// The room's recent events for everyone, kept once and read by every mailbox through its own cursor.
///
/// A broadcast is one append here, whatever the number of sessions, and a session costs no memory for the
/// events it has not read yet. The log is bounded: past ``capacity`` the oldest event is pushed out and
/// counted, so a session that falls that far behind is told how many it missed.
struct RoomLog {
    let capacity: Int
    /// The retained events, oldest first, in increasing `seq`.
    private(set) var events: Deque<EncodedEvent> = []
    /// The `seq` of the newest event pushed out (0: none yet).
    private(set) var evictedThrough: UInt64 = 0
    /// How many events were pushed out since the start.
    private(set) var evictedCount = 0

    init(capacity: Int) {
        precondition(capacity > 0, "the room log holds at least one event")
        self.capacity = capacity
    }

    /// How many events were ever appended: the ordinal of the newest.
    var total: Int { evictedCount + events.count }

    mutating func append(_ event: EncodedEvent) {
        events.append(event)
        if events.count > capacity {
            evictedThrough = events.removeFirst().seq
            evictedCount += 1
        }
    }

    /// The position in ``events`` of the first event after `seq` (binary search: `seq`s increase).
    func firstIndex(after seq: UInt64) -> Int {
        var low = 0
        var high = events.count
        while low < high {
            let middle = (low + high) / 2
            if events[middle].seq <= seq { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// How many events have a `seq` up to and including `seq`, or nil when some of those were pushed out
    /// after it and the answer is no longer known.
    func ordinal(through seq: UInt64) -> Int? {
        guard seq >= evictedThrough else { return nil }
        return evictedCount + firstIndex(after: seq)
    }

    /// The retained events after `since`, up to and including `limit`.
    func events(after since: UInt64, through limit: UInt64) -> ArraySlice<EncodedEvent> {
        let start = firstIndex(after: since)
        let end = limit == .max ? events.count : firstIndex(after: limit)
        guard start < end else { return [] }
        return ArraySlice(events[start..<end])
    }
}
