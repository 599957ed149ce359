import Foundation
import NIOCore
import Testing

@testable import ChatServer

@Suite("Mailbox and room log")
struct MailboxTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    func event(_ seq: UInt64, _ text: String = "x") -> EncodedEvent {
        EncodedEvent(seq: seq, event: ChatEvent(kind: .message, nick: "a", text: text, at: now))
    }

    func log(capacity: Int = 10, _ seqs: some Sequence<Int>) -> RoomLog {
        var log = RoomLog(capacity: capacity)
        for seq in seqs { log.append(event(UInt64(seq))) }
        return log
    }

    @Test("a batch holds the room events after the cursor, oldest first")
    func ordering() throws {
        let mailbox = Mailbox(capacity: 10, cursor: 0, ordinal: 0)
        let batch = try #require(mailbox.batch(after: 2, in: log(1...5), at: now))
        #expect(batch.events.map(\.seq) == [3, 4, 5])
        #expect(batch.cursor == 5)
        #expect(batch.gap == nil)
    }

    @Test("events stay until a later poll acknowledges them, so a lost response is sent again")
    func noLossOnRepoll() throws {
        var mailbox = Mailbox(capacity: 10, cursor: 0, ordinal: 0)
        mailbox.deliverOwn(event(1))
        let log = log([2])
        // The first answer is lost in flight: the client polls again from its old cursor.
        #expect(try #require(mailbox.batch(after: 0, in: log, at: now)).events.map(\.seq) == [1, 2])
        mailbox.acknowledge(through: 0, in: log)
        #expect(try #require(mailbox.batch(after: 0, in: log, at: now)).events.map(\.seq) == [1, 2])
        // Now it got them: they go, and an older cursor does not bring them back.
        mailbox.acknowledge(through: 2, in: log)
        #expect(mailbox.own.isEmpty)
        #expect(mailbox.batch(after: 2, in: log, at: now) == nil)
        #expect(mailbox.batch(after: 0, in: log, at: now) == nil)
    }

    @Test("a session more than the log's capacity behind gets a gap marker counting what it missed")
    func boundedWithGap() throws {
        var mailbox = Mailbox(capacity: 3, cursor: 0, ordinal: 0)
        let log = log(capacity: 3, 1...7)
        #expect(log.events.count == 3)
        let batch = try #require(mailbox.batch(after: 0, in: log, at: now))
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
        mailbox.acknowledge(through: 7, in: log)
        #expect(mailbox.batch(after: 7, in: log, at: now) == nil)
    }

    @Test("the gap counts exactly even when the acknowledged cursor was itself pushed out of the log")
    func gapAfterOfferedCursorEvicted() throws {
        var log = log(capacity: 3, 1...2)
        var mailbox = Mailbox(capacity: 3, cursor: 0, ordinal: 0)
        let first = try #require(mailbox.batch(after: 0, in: log, at: now))
        #expect(first.cursor == 2)
        mailbox.offer(Mailbox.Position(seq: 2, ordinal: try #require(log.ordinal(through: 2))))
        for seq in 3...9 { log.append(event(UInt64(seq))) }
        mailbox.acknowledge(through: 2, in: log)
        let batch = try #require(mailbox.batch(after: 2, in: log, at: now))
        #expect(batch.gap?.event.missed == 4)  // 3, 4, 5, 6
        #expect(batch.events.map(\.seq) == [7, 8, 9])
    }

    @Test("own events and room events come out merged in sequence order")
    func merged() throws {
        var mailbox = Mailbox(capacity: 10, cursor: 0, ordinal: 0)
        mailbox.deliverOwn(event(2))
        mailbox.deliverOwn(event(5))
        let batch = try #require(mailbox.batch(after: 0, in: log([1, 3, 4, 6]), at: now))
        #expect(batch.events.map(\.seq) == [1, 2, 3, 4, 5, 6])
    }

    @Test("a closed mailbox delivers its last event but no room event after it")
    func closedStopsAtItsLastEvent() throws {
        var mailbox = Mailbox(capacity: 10, cursor: 0, ordinal: 0)
        mailbox.deliverOwn(event(3))
        mailbox.closing = Mailbox.Closing(at: now, through: 3, ordinal: 2)
        let batch = try #require(mailbox.batch(after: 0, in: log(1...2).appending(4, 5), at: now))
        #expect(batch.events.map(\.seq) == [1, 2, 3])
    }

    @Test("acknowledging part of the way keeps the rest in order")
    func partialAck() throws {
        var mailbox = Mailbox(capacity: 10, cursor: 0, ordinal: 0)
        for seq in [2, 5, 9] { mailbox.deliverOwn(event(UInt64(seq))) }
        mailbox.acknowledge(through: 5, in: RoomLog(capacity: 10))
        #expect(mailbox.own.map(\.seq) == [9])
        #expect(mailbox.acknowledged.seq == 5)
    }

    @Test("the log finds the events after a cursor by binary search, across pushed-out ones")
    func logLookup() {
        let log = log(capacity: 4, [1, 3, 4, 7, 8, 10])
        #expect(log.events.map(\.seq) == [4, 7, 8, 10])
        #expect(log.evictedThrough == 3)
        #expect(log.total == 6)
        #expect(log.events(after: 5, through: .max).map(\.seq) == [7, 8, 10])
        #expect(log.events(after: 0, through: 8).map(\.seq) == [4, 7, 8])
        #expect(log.ordinal(through: 7) == 4)
        #expect(log.ordinal(through: 3) == 2)
        #expect(log.ordinal(through: 2) == nil)
    }

    @Test("a lone event's batch body is the one encoded when it was published")
    func sharedEncoding() throws {
        var log = RoomLog(capacity: 10)
        let shared = event(1, "hello \"world\"")
        log.append(shared)
        let batch = try #require(Mailbox(capacity: 10, cursor: 0, ordinal: 0).batch(after: 0, in: log, at: now))
        #expect(batch.body == shared.soloBatchBody)
        let body = try jsonObject(batch.body.readableBytesView)
        #expect(body.events.first?["text"] as? String == "hello \"world\"")
        #expect(body.cursor == 1)
    }
}

extension RoomLog {
    fileprivate func appending(_ seqs: Int...) -> RoomLog {
        var copy = self
        for seq in seqs {
            copy.append(EncodedEvent(seq: UInt64(seq), event: ChatEvent(kind: .message, nick: "a", text: "x", at: Date())))
        }
        return copy
    }
}

extension PollBatch: Equatable {
    public static func == (lhs: PollBatch, rhs: PollBatch) -> Bool {
        lhs.allEvents.map(\.seq) == rhs.allEvents.map(\.seq) && lhs.cursor == rhs.cursor
    }
}
