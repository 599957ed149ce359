import DequeModule
import Foundation
import NIOConcurrencyHelpers

/// Numbers events and routes them into mailboxes: to one session or to everyone. Holds every mailbox and
/// every waiting poll.
///
/// One lock guards all of it rather than an actor per mailbox: a fan-out to tens of thousands of held polls
/// is then one pass over a dictionary, appending one shared ``EncodedEvent`` reference each, with the waiting
/// continuations resumed after the lock is released. Nothing under the lock allocates per listener beyond a
/// queue slot, and no task is created per listener.
public final class PostOffice: Sendable {
    /// Who receives an event.
    public enum Recipients: Sendable {
        /// Every session, and the moderators' journal.
        case everyone
        /// One session only.
        case session(SessionID)
        /// Only the moderators' journal: events no chatter should see (refusals, for instance).
        case moderators
    }

    private struct Deadline {
        let at: Date
        let session: SessionID
        let waiterID: UInt64
    }

    private struct State {
        var lastSeq: UInt64 = 0
        var mailboxes: [SessionID: Mailbox] = [:]
        /// Poll deadlines in the order they were set; all polls share one timeout, so this is also their
        /// order in time, and expiring them is a walk from the front.
        var deadlines: Deque<Deadline> = []
        /// Closed mailboxes in the order they closed, for ``sweep(closedBefore:)``.
        var closed: Deque<(at: Date, session: SessionID)> = []
        var heldPolls = 0
        var isShutDown = false

        /// Takes the waiter out of a mailbox, keeping the held-poll count right.
        mutating func takeWaiter(_ id: SessionID, matching waiterID: UInt64? = nil) -> Mailbox.Waiter? {
            guard let index = mailboxes.index(forKey: id) else { return nil }
            return takeWaiter(at: index, matching: waiterID)
        }

        /// The same, for a mailbox found by index (changed in place).
        mutating func takeWaiter(at index: Dictionary<SessionID, Mailbox>.Index, matching waiterID: UInt64? = nil) -> Mailbox.Waiter? {
            guard let waiter = mailboxes.values[index].waiter, waiterID == nil || waiter.id == waiterID else { return nil }
            mailboxes.values[index].waiter = nil
            heldPolls -= 1
            return waiter
        }
    }

    private let state = NIOLockedValueBox(State())
    private let waiterIDs = NIOLockedValueBox<UInt64>(0)
    private let clock: any ChatClock
    /// How long a poll is held when there is nothing to send.
    public let pollTimeout: TimeInterval
    /// How many unacknowledged events a mailbox keeps.
    public let mailboxCapacity: Int
    /// What moderators' event stream reads.
    public let journal: EventJournal

    public init(clock: any ChatClock, pollTimeout: TimeInterval, mailboxCapacity: Int, journalCapacity: Int = 1000) {
        self.clock = clock
        self.pollTimeout = pollTimeout
        self.mailboxCapacity = mailboxCapacity
        self.journal = EventJournal(capacity: journalCapacity, clock: clock, timeout: pollTimeout)
    }

    // MARK: Mailboxes

    /// Opens a mailbox for a new session, positioned at the current sequence number, which it returns.
    @discardableResult
    public func openMailbox(for id: SessionID) -> UInt64 {
        state.withLockedValue { state in
            state.mailboxes[id] = Mailbox(capacity: mailboxCapacity, cursor: state.lastSeq)
            return state.lastSeq
        }
    }

    /// Closes a session's mailbox, after queueing a last event for it. A held poll returns at once with what
    /// the mailbox holds; otherwise the next poll collects it. The mailbox goes away once delivered, or when
    /// ``sweep(closedBefore:)`` finds it unclaimed.
    public func closeMailbox(for id: SessionID, lastEvent: ChatEvent?) {
        let payload = lastEvent.map(EventPayload.init)
        let now = clock.now()
        let wake: (Mailbox.Waiter, PollOutcome)? = state.withLockedValue { state in
            guard state.mailboxes[id] != nil else { return nil }
            if let payload {
                state.lastSeq += 1
                state.mailboxes[id]?.deliver(EncodedEvent(seq: state.lastSeq, payload: payload))
            }
            state.mailboxes[id]?.closedAt = now
            state.closed.append((now, id))
            guard let waiter = state.takeWaiter(id) else { return nil }
            let batch = state.mailboxes[id]?.batch(after: waiter.since, at: now)
            state.mailboxes[id] = nil
            return (waiter, batch.map(PollOutcome.batch) ?? .ended)
        }
        if let (waiter, outcome) = wake {
            waiter.continuation.resume(returning: outcome)
        }
    }

    /// Whether a session has a poll held right now.
    public func isWaiting(_ id: SessionID) -> Bool {
        state.withLockedValue { $0.mailboxes[id]?.waiter != nil }
    }

    // MARK: Publishing

    /// Numbers an event and delivers it. Held polls that now have something to say are answered.
    @discardableResult
    public func publish(_ event: ChatEvent, to recipients: Recipients = .everyone) -> EncodedEvent {
        let payload = EventPayload(event)
        let now = clock.now()
        var wakes: [(Mailbox.Waiter, PollOutcome)] = []
        let encoded: EncodedEvent = state.withLockedValue { state in
            state.lastSeq += 1
            let encoded = EncodedEvent(seq: state.lastSeq, payload: payload)
            switch recipients {
            case .everyone:
                wakes.reserveCapacity(state.heldPolls)
                // Walk by index and mutate each mailbox in place. Iterating `keys` (or `values`) while
                // mutating would keep a second reference to the dictionary's storage, so every change
                // would copy it, and each mailbox's queue with it: O(sessions²) per message.
                var index = state.mailboxes.startIndex
                while index != state.mailboxes.endIndex {
                    Self.deliver(encoded, at: index, in: &state, at: now, wakes: &wakes)
                    index = state.mailboxes.index(after: index)
                }
                journal.append(encoded)
            case .session(let id):
                if let index = state.mailboxes.index(forKey: id) {
                    Self.deliver(encoded, at: index, in: &state, at: now, wakes: &wakes)
                }
            case .moderators:
                journal.append(encoded)
            }
            return encoded
        }
        for (waiter, outcome) in wakes {
            waiter.continuation.resume(returning: outcome)
        }
        return encoded
    }

    private static func deliver(
        _ event: EncodedEvent,
        at index: Dictionary<SessionID, Mailbox>.Index,
        in state: inout State,
        at now: Date,
        wakes: inout [(Mailbox.Waiter, PollOutcome)]
    ) {
        guard state.mailboxes.values[index].closedAt == nil else { return }
        state.mailboxes.values[index].deliver(event)
        guard let waiter = state.takeWaiter(at: index) else { return }
        if let batch = state.mailboxes.values[index].batch(after: waiter.since, at: now) {
            wakes.append((waiter, .batch(batch)))
        }
    }

    /// The newest sequence number given out.
    public var lastSeq: UInt64 { state.withLockedValue { $0.lastSeq } }

    // MARK: Polling

    /// A fresh id for a poll about to wait, so that the poll can be abandoned before it starts waiting.
    public func makeWaiterID() -> UInt64 {
        waiterIDs.withLockedValue { id in
            id += 1
            return id
        }
    }

    /// Answers a poll: at once with the events after `since`, or when one arrives, or empty at the timeout.
    ///
    /// `since` acknowledges every event up to it; nil means "from where I last acknowledged". A newer poll for
    /// the same session ends this one. `isAbandoned` is asked under the lock, right before the poll would
    /// wait: a client that is already gone does not leave a waiter behind.
    public func poll(
        _ id: SessionID,
        since: UInt64?,
        waiterID: UInt64,
        isAbandoned: @Sendable () -> Bool = { false }
    ) async -> PollOutcome {
        let now = clock.now()
        return await withCheckedContinuation { (continuation: CheckedContinuation<PollOutcome, Never>) in
            let (immediate, superseded): (PollOutcome?, Mailbox.Waiter?) = state.withLockedValue { state in
                guard !state.isShutDown else { return (.shuttingDown, nil) }
                guard let index = state.mailboxes.index(forKey: id) else { return (.ended, nil) }
                let superseded = state.takeWaiter(id)
                // The mailbox is changed in place (through `values[index]`), never copied out and back,
                // so its queue is not duplicated on every poll.
                let since = min(since ?? state.mailboxes.values[index].acknowledged, state.lastSeq)
                state.mailboxes.values[index].acknowledge(through: since)
                let closed = state.mailboxes.values[index].closedAt != nil
                if let batch = state.mailboxes.values[index].batch(after: since, at: now) {
                    if closed { state.mailboxes.remove(at: index) }
                    return (.batch(batch), superseded)
                }
                if closed {
                    state.mailboxes.remove(at: index)
                    return (.ended, superseded)
                }
                if isAbandoned() {
                    return (.batch(.empty(cursor: since)), superseded)
                }
                state.mailboxes.values[index].waiter = Mailbox.Waiter(id: waiterID, since: since, continuation: continuation)
                state.heldPolls += 1
                state.deadlines.append(Deadline(at: now.addingTimeInterval(pollTimeout), session: id, waiterID: waiterID))
                return (nil, superseded)
            }
            if let superseded {
                superseded.continuation.resume(returning: .batch(.empty(cursor: superseded.since)))
            }
            if let immediate {
                continuation.resume(returning: immediate)
            }
        }
    }

    /// Ends a held poll whose client went away, so no waiter is left behind.
    public func abandon(_ id: SessionID, waiterID: UInt64) {
        let waiter = state.withLockedValue { $0.takeWaiter(id, matching: waiterID) }
        waiter?.continuation.resume(returning: .batch(.empty(cursor: waiter!.since)))
    }

    /// How many polls are held right now.
    public var heldPolls: Int { state.withLockedValue { $0.heldPolls } }

    /// How many mailboxes exist, closed ones not yet collected included.
    public var mailboxCount: Int { state.withLockedValue { $0.mailboxes.count } }

    // MARK: Housekeeping

    /// Answers, empty, every held poll whose deadline has passed.
    public func expireWaiters() {
        journal.expireWaiters()
        let now = clock.now()
        let expired: [Mailbox.Waiter] = state.withLockedValue { state in
            var expired: [Mailbox.Waiter] = []
            while let first = state.deadlines.first, first.at <= now {
                state.deadlines.removeFirst()
                if let waiter = state.takeWaiter(first.session, matching: first.waiterID) {
                    expired.append(waiter)
                }
            }
            return expired
        }
        for waiter in expired {
            waiter.continuation.resume(returning: .batch(.empty(cursor: waiter.since)))
        }
    }

    /// Removes closed mailboxes that nobody came to collect.
    public func sweep(closedBefore cutoff: Date) {
        state.withLockedValue { state in
            while let first = state.closed.first, first.at < cutoff {
                state.closed.removeFirst()
                if state.mailboxes[first.session]?.closedAt != nil {
                    state.mailboxes[first.session] = nil
                }
            }
        }
    }

    /// Answers every held poll and refuses new ones: the server is stopping.
    public func shutDown() {
        journal.shutDown()
        let waiters: [Mailbox.Waiter] = state.withLockedValue { state in
            state.isShutDown = true
            var waiters: [Mailbox.Waiter] = []
            var index = state.mailboxes.startIndex
            while index != state.mailboxes.endIndex {
                if let waiter = state.takeWaiter(at: index) { waiters.append(waiter) }
                index = state.mailboxes.index(after: index)
            }
            state.deadlines.removeAll()
            return waiters
        }
        for waiter in waiters {
            waiter.continuation.resume(returning: .shuttingDown)
        }
    }
}
