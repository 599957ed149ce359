import NIOCore

/// A numbered event, encoded to JSON exactly once when published. Every mailbox it is routed to holds a
/// reference to this one object, so fan-out to N sessions costs N pointer copies, not N encodings.
public final class EncodedEvent: Sendable {
    public let seq: UInt64
    public let event: ChatEvent
    /// `{"seq":…,"type":…,…}`
    public let json: [UInt8]
    /// The whole poll response for the common case of a batch holding only this event:
    /// `{"events":[json],"cursor":seq}`. Built once and shared by every held poll the event wakes.
    public let soloBatchBody: ByteBuffer

    /// Numbers and encodes an event whose fields were already encoded (outside any lock).
    init(seq: UInt64, payload: EventPayload) {
        self.seq = seq
        self.event = payload.event
        var json: [UInt8] = []
        json.reserveCapacity(payload.fields.count + 24)
        json.append(contentsOf: #"{"seq":"#.utf8)
        json.append(contentsOf: String(seq).utf8)
        json.append(UInt8(ascii: ","))
        json.append(contentsOf: payload.fields)
        json.append(UInt8(ascii: "}"))
        self.json = json
        self.soloBatchBody = ByteBuffer(bytes: PollBatch.encodeBody(events: CollectionOfOne(json), cursor: seq))
    }

    public convenience init(seq: UInt64, event: ChatEvent) {
        self.init(seq: seq, payload: EventPayload(event))
    }
}

/// An event's fields encoded as JSON without the braces and the sequence number, so the costly part of
/// encoding (dates, escaping) happens before the post office takes its lock.
struct EventPayload: Sendable {
    let event: ChatEvent
    let fields: [UInt8]

    init(_ event: ChatEvent) {
        self.event = event
        var writer = JSONWriter()
        writer.field("type", event.kind.rawValue)
        writer.field("nick", event.nick)
        writer.field("text", event.text)
        writer.field("at", event.at)
        writer.field("reason", event.reason)
        writer.field("reconnect", event.reconnect)
        writer.field("expires_at", event.expiresAt)
        writer.field("muted", event.muted)
        writer.field("missed", event.missed)
        if let removed = event.removed { writer.field("removed", removed) }
        writer.field("report", event.report)
        if let message = event.message { writer.field("message", message) }
        writer.field("reporter", event.reporter)
        writer.field("reporters", event.reporters)
        self.fields = writer.bytes
    }
}
