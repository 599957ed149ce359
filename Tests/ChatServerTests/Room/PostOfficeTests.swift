import Foundation
import NIOConcurrencyHelpers
import Testing

@testable import ChatServer

@Suite("Post office")
struct PostOfficeTests {
    let clock = ManualClock()

    func makePostOffice(capacity: Int = 100) -> PostOffice {
        PostOffice(clock: clock, pollTimeout: 30, mailboxCapacity: capacity)
    }

    func message(_ text: String) -> ChatEvent {
        ChatEvent(kind: .message, nick: "a", text: text, at: clock.now())
    }

    /// Starts a poll through the callback form, synchronously: it is held (or answered) when this returns,
    /// and its answer is there as soon as whatever answers it returns. No task, no waiting.
    func heldPoll(_ postOffice: PostOffice, _ id: SessionID, since: UInt64?) -> HeldPoll {
        HeldPoll(postOffice, id, since: since)
    }

    func seqs(_ outcome: PollOutcome) -> [UInt64] {
        guard case .batch(let batch) = outcome else { return [] }
        return batch.allEvents.map(\.seq)
    }

    @Test("a poll with events waiting answers at once")
    func immediate() async {
        let postOffice = makePostOffice()
        let id = SessionID(1)
        postOffice.openMailbox(for: id)
        postOffice.publish(message("one"))
        postOffice.publish(message("two"))
        let outcome = await postOffice.poll(id, since: 0, waiterID: postOffice.makeWaiterID())
        #expect(seqs(outcome) == [1, 2])
        #expect(postOffice.heldPolls == 0)
    }

    @Test("a held poll is answered when an event arrives")
    func heldThenAnswered() async {
        let postOffice = makePostOffice()
        let id = SessionID(1)
        postOffice.openMailbox(for: id)
        let task = heldPoll(postOffice, id, since: 0)
        #expect(postOffice.heldPolls == 1)
        postOffice.publish(message("hello"))
        #expect(seqs(task.value) == [1])
        #expect(postOffice.heldPolls == 0)
    }

    @Test("one publish wakes every held poll with the same shared event")
    func fanOut() async throws {
        let postOffice = makePostOffice()
        let ids = (1...50).map { SessionID(UInt64($0)) }
        for id in ids { postOffice.openMailbox(for: id) }
        var tasks: [HeldPoll] = []
        for id in ids { tasks.append(heldPoll(postOffice, id, since: 0)) }
        #expect(postOffice.heldPolls == 50)
        let published = postOffice.publish(message("all"))
        for task in tasks {
            guard case .batch(let batch) = task.value else {
                Issue.record("no batch")
                continue
            }
            #expect(batch.events.count == 1)
            #expect(batch.events[0] === published)
        }
    }

    @Test("a private event reaches only its session, and sequence numbers stay increasing for everyone")
    func privateDelivery() async {
        let postOffice = makePostOffice()
        let (a, b) = (SessionID(1), SessionID(2))
        postOffice.openMailbox(for: a)
        postOffice.openMailbox(for: b)
        postOffice.publish(message("to all"))
        postOffice.publish(ChatEvent(kind: .notice, text: "just a", at: clock.now()), to: .session(a))
        postOffice.publish(message("to all again"))
        #expect(seqs(await postOffice.poll(a, since: 0, waiterID: 1)) == [1, 2, 3])
        #expect(seqs(await postOffice.poll(b, since: 0, waiterID: 2)) == [1, 3])
    }

    @Test("a new poll for the same session ends the older one, which returns what it has")
    func supersede() async {
        let postOffice = makePostOffice()
        let id = SessionID(1)
        postOffice.openMailbox(for: id)
        let first = heldPoll(postOffice, id, since: 0)
        let second = heldPoll(postOffice, id, since: 0)
        guard case .batch(let batch) = first.value else {
            Issue.record("the older poll did not end with a batch")
            return
        }
        #expect(batch.isEmpty)
        #expect(postOffice.isWaiting(id))
        #expect(postOffice.heldPolls == 1)
        postOffice.publish(message("for the newer poll"))
        #expect(seqs(second.value) == [1])
    }

    @Test("a held poll is answered empty when its timeout passes, and not before")
    func timeout() async {
        let postOffice = makePostOffice()
        let id = SessionID(1)
        postOffice.openMailbox(for: id)
        let task = heldPoll(postOffice, id, since: 0)
        clock.advance(by: 29)
        postOffice.expireWaiters()
        #expect(postOffice.isWaiting(id))
        clock.advance(by: 1)
        postOffice.expireWaiters()
        guard case .batch(let batch) = task.value else {
            Issue.record("no batch")
            return
        }
        #expect(batch.isEmpty)
        #expect(batch.cursor == 0)
        #expect(postOffice.heldPolls == 0)
    }

    @Test("an abandoned poll leaves no waiter behind, even when abandoned before it waits")
    func abandon() async {
        let postOffice = makePostOffice()
        let id = SessionID(1)
        postOffice.openMailbox(for: id)
        let waiterID = postOffice.makeWaiterID()
        let task = Task { await postOffice.poll(id, since: 0, waiterID: waiterID) }
        #expect(await eventually { postOffice.isWaiting(id) })
        postOffice.abandon(id, waiterID: waiterID)
        _ = await task.value  // the async form, kept under test here
        #expect(postOffice.heldPolls == 0)
        // A client already gone when the poll would start waiting does not wait at all.
        let outcome = await postOffice.poll(id, since: 0, waiterID: postOffice.makeWaiterID()) { true }
        #expect(seqs(outcome).isEmpty)
        #expect(postOffice.heldPolls == 0)
    }

    @Test("closing a mailbox hands the held poll its last event, then the session is over")
    func close() async {
        let postOffice = makePostOffice()
        let id = SessionID(1)
        postOffice.openMailbox(for: id)
        let task = heldPoll(postOffice, id, since: 0)
        postOffice.closeMailbox(for: id, lastEvent: ChatEvent(kind: .leave, nick: "a", at: clock.now(), reconnect: false))
        guard case .batch(let batch) = task.value else {
            Issue.record("no batch")
            return
        }
        #expect(batch.events.map(\.event.kind) == [.leave])
        guard case .ended = await postOffice.poll(id, since: batch.cursor, waiterID: 9) else {
            Issue.record("the session did not end")
            return
        }
        #expect(postOffice.mailboxCount == 0)
    }

    @Test("a session that ended and polls later gets what came before its end, its last event, and nothing after")
    func closedWithoutPoll() async {
        let postOffice = makePostOffice()
        let (gone, stays) = (SessionID(1), SessionID(2))
        postOffice.openMailbox(for: gone)
        postOffice.openMailbox(for: stays)
        postOffice.publish(message("before"))
        postOffice.closeMailbox(for: gone, lastEvent: ChatEvent(kind: .kick, nick: "a", at: clock.now(), reconnect: false))
        postOffice.publish(message("after"))
        #expect(seqs(await postOffice.poll(gone, since: 0, waiterID: 1)) == [1, 2])
        #expect(seqs(await postOffice.poll(stays, since: 0, waiterID: 2)) == [1, 3])
        #expect(postOffice.mailboxCount == 1)
    }
    @Test(
        "a session ending with no poll held is told to the watchers; asked again from where its answered poll began, it gets that answer's events and its end"
    )
    func endWhileAnswerOnItsWay() async {
        let postOffice = makePostOffice()
        let told = NIOLockedValueBox<[SessionID]>([])
        postOffice.watchEndings { id in told.withLockedValue { $0.append(id) } }
        let (victim, other) = (SessionID(1), SessionID(2))
        postOffice.openMailbox(for: victim)
        postOffice.openMailbox(for: other)
        // The victim's poll is answered by a broadcast; the answer has not gone out when the kick comes.
        let answered = heldPoll(postOffice, victim, since: 0)
        postOffice.publish(message("burst"))
        #expect(seqs(answered.value) == [1])
        postOffice.closeMailbox(for: victim, lastEvent: ChatEvent(kind: .kick, nick: "a", at: clock.now(), reconnect: false))
        #expect(told.withLockedValue { $0 } == [victim])
        // What the promoted answer sends instead: from the answered poll's own start, so nothing is skipped.
        let fresh = await postOffice.poll(victim, since: nil, waiterID: postOffice.makeWaiterID(), isAbandoned: { true })
        #expect(seqs(fresh) == [1, 2])
        #expect(fresh.endsSession)
        #expect(postOffice.mailboxCount == 1, "the victim's mailbox is gone, delivered")
        // An ending that a held poll takes is not told: that poll is answered with it at once.
        let held = heldPoll(postOffice, other, since: 1)
        postOffice.closeMailbox(for: other, lastEvent: ChatEvent(kind: .leave, nick: "b", at: clock.now(), reconnect: false))
        #expect(held.value.endsSession)
        #expect(told.withLockedValue { $0 } == [victim])
    }

    @Test("shutting down answers every held poll and refuses new ones")
    func shutdown() async {
        let postOffice = makePostOffice()
        let id = SessionID(1)
        postOffice.openMailbox(for: id)
        let task = heldPoll(postOffice, id, since: 0)
        postOffice.shutDown()
        guard case .shuttingDown = task.value else {
            Issue.record("held poll not released")
            return
        }
        guard case .shuttingDown = await postOffice.poll(id, since: 0, waiterID: 5) else {
            Issue.record("new poll accepted")
            return
        }
        #expect(postOffice.heldPolls == 0)
    }

    @Test("a slow client's mailbox overflows into a gap marker; a fast one is unaffected")
    func overflow() async {
        let postOffice = makePostOffice(capacity: 5)
        let (slow, fast) = (SessionID(1), SessionID(2))
        postOffice.openMailbox(for: slow)
        postOffice.openMailbox(for: fast)
        var fastCursor: UInt64 = 0
        var fastSeen: [UInt64] = []
        for index in 1...20 {
            postOffice.publish(message("m\(index)"))
            if case .batch(let batch) = await postOffice.poll(fast, since: fastCursor, waiterID: UInt64(100 + index)) {
                fastSeen += batch.allEvents.map(\.seq)
                fastCursor = batch.cursor
            }
        }
        #expect(fastSeen == Array(1...20))
        guard case .batch(let batch) = await postOffice.poll(slow, since: 0, waiterID: 1) else {
            Issue.record("no batch")
            return
        }
        #expect(batch.gap?.event.missed == 15)
        #expect(batch.events.map(\.seq) == [16, 17, 18, 19, 20])
    }
}

/// A poll through the post office's callback form: ``value`` is its answer, which must have come by the
/// time it is read (the callback runs before `poll`, `publish` or `expireWaiters` returns).
final class HeldPoll: Sendable {
    private let outcome = NIOLockedValueBox<PollOutcome?>(nil)

    init(_ postOffice: PostOffice, _ id: SessionID, since: UInt64?) {
        let outcome = outcome
        postOffice.poll(id, since: since, waiterID: postOffice.makeWaiterID()) { answer in outcome.withLockedValue { $0 = answer } }
    }

    var isAnswered: Bool { outcome.withLockedValue { $0 != nil } }

    var value: PollOutcome {
        guard let answer = outcome.withLockedValue({ $0 }) else {
            Issue.record("the poll was not answered")
            return .ended
        }
        return answer
    }
}
