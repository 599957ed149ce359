import NIOCore

/// What one poll answers with: the events after the client's cursor, in order, perhaps led by a gap marker.
public struct PollBatch: Sendable {
    /// Events after the poll's `since`, oldest first.
    public var events: [EncodedEvent]
    /// Set when the mailbox overflowed and dropped events the client had not acknowledged.
    public var gap: EncodedEvent?
    /// The cursor the client sends as `since` next time.
    public var cursor: UInt64

    public init(events: [EncodedEvent], gap: EncodedEvent? = nil, cursor: UInt64) {
        self.events = events
        self.gap = gap
        self.cursor = cursor
    }

    /// An empty answer: the poll timed out or was superseded.
    public static func empty(cursor: UInt64) -> PollBatch { PollBatch(events: [], cursor: cursor) }

    public var isEmpty: Bool { events.isEmpty && gap == nil }

    /// All the events a client sees, the gap marker first.
    public var allEvents: [EncodedEvent] { (gap.map { [$0] } ?? []) + events }

    /// `{"events":[…],"cursor":N}`; the shared body of a lone event is reused rather than rebuilt.
    public var body: ByteBuffer {
        if gap == nil, events.count == 1, events[0].seq == cursor {
            return events[0].soloBatchBody
        }
        return ByteBuffer(bytes: Self.encodeBody(events: allEvents.lazy.map(\.json), cursor: cursor))
    }

    static func encodeBody(events: some Sequence<[UInt8]>, cursor: UInt64) -> [UInt8] {
        var writer = JSONWriter(capacity: 256)
        writer.raw(#"{"events":["#.utf8)
        var first = true
        for json in events {
            if !first { writer.raw(CollectionOfOne(UInt8(ascii: ","))) }
            writer.raw(json)
            first = false
        }
        writer.raw(#"],"cursor":"#.utf8)
        writer.raw(String(cursor).utf8)
        writer.raw(CollectionOfOne(UInt8(ascii: "}")))
        return writer.bytes
    }
}
