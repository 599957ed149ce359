import Foundation
import NIOCore
import Testing

@testable import ChatServer

@Suite("Mailbox")
struct MailboxTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    func event(_ seq: UInt64, _ text: String = "x") -> EncodedEvent {
        EncodedEvent(seq: seq, event: ChatEvent(kind: .message, nick: "a", text: text, at: now))
    }

    @Test("a batch holds the events after the cursor, oldest first")
    func ordering() throws {
        var mailbox = Mailbox(capacity: 10, cursor: 0)
        for seq in 1...5 { mailbox.deliver(event(UInt64(seq))) }
        let batch = try #require(mailbox.batch(after: 2, at: now))
        #expect(batch.events.map(\.seq) == [3, 4, 5])
        #expect(batch.cursor == 5)
        #expect(batch.gap == nil)
    }

    @Test("events stay until a later poll acknowledges them, so a lost response is sent again")
    func noLossOnRepoll() throws {
        var mailbox = Mailbox(capacity: 10, cursor: 0)
        mailbox.deliver(event(1))
        mailbox.deliver(event(2))
        // The first answer is lost in flight: the client polls again from its old cursor.
        #expect(try #require(mailbox.batch(after: 0, at: now)).events.map(\.seq) == [1, 2])
        mailbox.acknowledge(through: 0)
        #expect(try #require(mailbox.batch(after: 0, at: now)).events.map(\.seq) == [1, 2])
        // Now it got them: they go.
        mailbox.acknowledge(through: 2)
        #expect(mailbox.pending.isEmpty)
        #expect(mailbox.batch(after: 2, at: now) == nil)
    }

    @Test("a full mailbox drops the oldest and leads the next batch with a gap marker counting them")
    func boundedWithGap() throws {
        var mailbox = Mailbox(capacity: 3, cursor: 0)
        for seq in 1...7 { mailbox.deliver(event(UInt64(seq))) }
        #expect(mailbox.pending.count == 3)
        let batch = try #require(mailbox.batch(after: 0, at: now))
        let gap = try #require(batch.gap)
        #expect(gap.event.kind == .gap)
        #expect(gap.event.missed == 4)
        #expect(gap.seq == 4)
        #expect(batch.events.map(\.seq) == [5, 6, 7])
        #expect(batch.allEvents.map(\.seq) == [4, 5, 6, 7])
        let body = try jsonObject(batch.body.readableBytesView)
        #expect(body.events.first?["type"] as? String == "gap")
        #expect(body.events.first?["missed"] as? Int == 4)
        // Once the client has moved past the gap, it is not repeated.
        mailbox.acknowledge(through: 7)
        #expect(mailbox.missed == 0)
        #expect(mailbox.batch(after: 7, at: now) == nil)
    }

    @Test("acknowledging part of the way keeps the rest in order")
    func partialAck() throws {
        var mailbox = Mailbox(capacity: 10, cursor: 0)
        for seq in [2, 5, 9] { mailbox.deliver(event(UInt64(seq))) }
        mailbox.acknowledge(through: 5)
        #expect(mailbox.pending.map(\.seq) == [9])
        #expect(mailbox.acknowledged == 5)
    }

    @Test("a lone event's batch body is the one encoded when it was published")
    func sharedEncoding() throws {
        var mailbox = Mailbox(capacity: 10, cursor: 0)
        let shared = event(1, "hello \"world\"")
        mailbox.deliver(shared)
        let batch = try #require(mailbox.batch(after: 0, at: now))
        #expect(batch.body == shared.soloBatchBody)
        let body = try jsonObject(batch.body.readableBytesView)
        #expect(body.events.first?["text"] as? String == "hello \"world\"")
        #expect(body.cursor == 1)
    }
}

extension PollBatch: Equatable {
    public static func == (lhs: PollBatch, rhs: PollBatch) -> Bool {
        lhs.allEvents.map(\.seq) == rhs.allEvents.map(\.seq) && lhs.cursor == rhs.cursor
    }
}
