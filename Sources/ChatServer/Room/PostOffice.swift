import DequeModule
import Foundation
import NIOConcurrencyHelpers

/// Numbers events and routes them: to everyone (through the shared ``RoomLog``), to one session, or to the
/// moderators' journal. Holds every mailbox and every waiting poll.
///
/// One lock guards all of it rather than an actor per mailbox. A broadcast is one append to the log, whatever
/// the number of sessions; then every held poll is answered with one shared batch, the continuations resumed
/// after the lock is released. A session that is not polling costs nothing per event, and no task is created
/// per listener.
public final class PostOffice: Sendable {
    /// Who receives an event.
    public enum Recipients: Sendable {
        /// Every session, and the moderators' journal.
        case everyone
        /// One session only.
        case session(SessionID)
        /// Only the moderators' journal: events no chatter should see (refusals, for instance).
        case moderators
        /// The moderators' journal and these sessions: the moderators signed in on the page.
        case moderatorsAnd([SessionID])
    }

    /// A poll waiting for events. At most one per session.
    private struct Waiter {
        let id: UInt64
        let since: UInt64
        let deadline: Date
        /// Called once, outside the lock, with how the poll ended.
        let deliver: @Sendable (PollOutcome) -> Void
    }

    /// Held polls to answer, decided under the post office's lock and run by ``deliver()`` once the caller
    /// holds no lock at all: a caller that publishes under its own lock (the room) collects them and
    /// delivers after releasing it, so answering ten thousand polls never holds up a join or a send.
    public struct Wakeups: Sendable {
        /// Broadcasts: every poll woken by one shares its answer.
        fileprivate var broadcasts: [(outcome: PollOutcome, delivers: [@Sendable (PollOutcome) -> Void])] = []
        /// Polls answered each with its own batch.
        fileprivate var single: [(deliver: @Sendable (PollOutcome) -> Void, outcome: PollOutcome)] = []
        /// Sessions that ended with no poll held, for the ending watchers.
        fileprivate var endings: [(id: SessionID, watchers: [@Sendable (SessionID) -> Void])] = []

        public init() {}

        /// Adds another operation's wake-ups, to be delivered after these.
        public mutating func append(_ other: Wakeups) {
            broadcasts += other.broadcasts
            single += other.single
            endings += other.endings
        }

        /// Answers the polls and tells the watchers. Call with no lock held.
        public func deliver() {
            for (outcome, delivers) in broadcasts {
                for deliver in delivers { deliver(outcome) }
            }
            for (deliver, outcome) in single { deliver(outcome) }
            for (id, watchers) in endings {
                for watcher in watchers { watcher(id) }
            }
        }
    }

    private struct State {
        var lastSeq: UInt64 = 0
        var log: RoomLog
        var mailboxes: [SessionID: Mailbox] = [:]
        var waiters: [SessionID: Waiter] = [:]
        /// Closed mailboxes in the order they closed, for ``sweep(closedBefore:)``.
        var closed: Deque<(at: Date, session: SessionID)> = []
        var isShutDown = false

        /// Puts an event meant for one session in its mailbox, and answers its held poll with it.
        mutating func deliverOwn(_ encoded: EncodedEvent, to id: SessionID, now: Date, waking wakeups: inout Wakeups) {
            guard let index = mailboxes.index(forKey: id), !mailboxes.values[index].isClosed else { return }
            mailboxes.values[index].deliverOwn(encoded)
            if let waiter = waiters.removeValue(forKey: id), let batch = batch(at: index, after: waiter.since, now: now) {
                mailboxes.values[index].lastAnswered = now
                wakeups.single.append((waiter.deliver, .batch(batch)))
            }
        }

        /// The batch for a session's poll after `since`, remembering its cursor as offered.
        mutating func batch(at index: Dictionary<SessionID, Mailbox>.Index, after since: UInt64, now: Date) -> PollBatch? {
            guard let batch = mailboxes.values[index].batch(after: since, in: log, at: now) else { return nil }
            if let ordinal = log.ordinal(through: batch.cursor) {
                mailboxes.values[index].offer(Mailbox.Position(seq: batch.cursor, ordinal: ordinal))
            }
            return batch
        }
    }

    private let state: NIOLockedValueBox<State>
    private let waiterIDs = NIOLockedValueBox<UInt64>(0)
    private let clock: any ChatClock
    /// How long a poll is held when there is nothing to send.
    public let pollTimeout: TimeInterval
    /// How many room events a session may fall behind before it is told of a gap; also the bound on the
    /// events queued for one session alone.
    public let mailboxCapacity: Int
    /// What moderators' event stream reads.
    public let journal: EventJournal
    /// Told of every session that ends while none of its polls is held (see ``watchEndings(_:)``).
    private let endingWatchers = NIOLockedValueBox<[@Sendable (SessionID) -> Void]>([])

    public init(clock: any ChatClock, pollTimeout: TimeInterval, mailboxCapacity: Int, journalCapacity: Int = 1000) {
        self.clock = clock
        self.pollTimeout = pollTimeout
        self.mailboxCapacity = mailboxCapacity
        self.state = NIOLockedValueBox(State(log: RoomLog(capacity: mailboxCapacity)))
        self.journal = EventJournal(capacity: journalCapacity, clock: clock, timeout: pollTimeout)
    }

    // MARK: Mailboxes

    /// Opens a mailbox for a new session, positioned at the current sequence number, which it returns.
    @discardableResult
    public func openMailbox(for id: SessionID) -> UInt64 {
        state.withLockedValue { state in
            state.mailboxes[id] = Mailbox(capacity: mailboxCapacity, cursor: state.lastSeq, ordinal: state.log.total)
            return state.lastSeq
        }
    }

    /// Closes a session's mailbox, after queueing a last event for it. A held poll returns at once with what
    /// the mailbox holds; otherwise the next poll collects it. Room events published after this are not
    /// for the session. The mailbox goes away once delivered, or when ``sweep(closedBefore:)`` finds it
    /// unclaimed.
    public func closeMailbox(for id: SessionID, lastEvent: ChatEvent?) {
        closingMailbox(for: id, lastEvent: lastEvent).deliver()
    }

    /// ``closeMailbox(for:lastEvent:)`` for a caller holding its own lock: the held poll's answer, or the
    /// ending watchers' call, is returned for the caller to deliver once it has released it.
    public func closingMailbox(for id: SessionID, lastEvent: ChatEvent?) -> Wakeups {
        let payload = lastEvent.map(EventPayload.init)
        let now = clock.now()
        let wake: (Waiter, PollOutcome)?? = state.withLockedValue { state in
            guard let index = state.mailboxes.index(forKey: id), !state.mailboxes.values[index].isClosed else { return .none }
            if let payload {
                state.lastSeq += 1
                state.mailboxes.values[index].deliverOwn(EncodedEvent(seq: state.lastSeq, payload: payload))
            }
            state.mailboxes.values[index].closing = Mailbox.Closing(at: now, through: state.lastSeq, ordinal: state.log.total)
            state.closed.append((now, id))
            guard let waiter = state.waiters.removeValue(forKey: id) else { return .some(nil) }
            let batch = state.batch(at: index, after: waiter.since, now: now)
            state.mailboxes.remove(at: index)
            return (waiter, batch.map(PollOutcome.batch) ?? .ended)
        }
        var wakeups = Wakeups()
        switch wake {
        case .none:
            break
        case .some(.some(let (waiter, outcome))):
            wakeups.single.append((waiter.deliver, outcome))
        case .some(.none):
            wakeups.endings.append((id, endingWatchers.withLockedValue { $0 }))
        }
        return wakeups
    }

    /// Calls `watcher` (outside the lock, from whichever thread ends it) with each session that ends while
    /// none of its polls is held: its last answer may still be on its way out, and its end would otherwise
    /// wait for the poll after it.
    public func watchEndings(_ watcher: @escaping @Sendable (SessionID) -> Void) {
        endingWatchers.withLockedValue { $0.append(watcher) }
    }

    /// Whether a session has a poll held right now.
    public func isWaiting(_ id: SessionID) -> Bool {
        state.withLockedValue { $0.waiters[id] != nil }
    }

    /// A session's polling activity: whether a poll is held, and when one was last answered.
    public func activity(_ id: SessionID) -> (isWaiting: Bool, lastAnswered: Date?) {
        state.withLockedValue { ($0.waiters[id] != nil, $0.mailboxes[id]?.lastAnswered) }
    }

    // MARK: Publishing

    /// Numbers an event and delivers it. Held polls that now have something to say are answered.
    @discardableResult
    public func publish(_ event: ChatEvent, to recipients: Recipients = .everyone) -> EncodedEvent {
        let (encoded, wakeups) = post(event, to: recipients)
        wakeups.deliver()
        return encoded
    }

    /// ``publish(_:to:)`` for a caller holding its own lock: numbers and routes the event, and returns the
    /// held polls it answers for the caller to ``Wakeups/deliver()`` once it has released that lock.
    public func post(_ event: ChatEvent, to recipients: Recipients = .everyone) -> (EncodedEvent, Wakeups) {
        let payload = EventPayload(event)
        let now = clock.now()
        var wakeups = Wakeups()
        let encoded: EncodedEvent = state.withLockedValue { state in
            state.lastSeq += 1
            let encoded = EncodedEvent(seq: state.lastSeq, payload: payload)
            switch recipients {
            case .everyone:
                state.log.append(encoded)
                journal.append(encoded)
                // A held poll had nothing newer than its cursor, and nothing has come for it since (or it
                // would have been answered), so every one of them is answered with exactly this event.
                guard !state.waiters.isEmpty else { break }
                let offered = Mailbox.Position(seq: encoded.seq, ordinal: state.log.total)
                var delivers: [@Sendable (PollOutcome) -> Void] = []
                delivers.reserveCapacity(state.waiters.count)
                for (id, waiter) in state.waiters {
                    delivers.append(waiter.deliver)
                    if let index = state.mailboxes.index(forKey: id) {
                        state.mailboxes.values[index].offer(offered)
                        state.mailboxes.values[index].lastAnswered = now
                    }
                }
                state.waiters.removeAll(keepingCapacity: true)
                wakeups.broadcasts.append((.batch(PollBatch(events: [encoded], cursor: encoded.seq)), delivers))
            case .session(let id):
                state.deliverOwn(encoded, to: id, now: now, waking: &wakeups)
            case .moderators:
                journal.append(encoded)
            case .moderatorsAnd(let ids):
                journal.append(encoded)
                for id in ids { state.deliverOwn(encoded, to: id, now: now, waking: &wakeups) }
            }
            return encoded
        }
        return (encoded, wakeups)
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
        await withCheckedContinuation { (continuation: CheckedContinuation<PollOutcome, Never>) in
            poll(id, since: since, waiterID: waiterID, isAbandoned: isAbandoned) { continuation.resume(returning: $0) }
        }
    }

    /// The same, for a caller that is not a task (a channel handler): `deliver` is called exactly once, with
    /// no lock held (publishers deliver after releasing theirs, see ``Wakeups``), either before this returns
    /// or later from whichever thread publishes, expires or abandons. It should hand the outcome on (to an
    /// event loop, a continuation) and return, since it runs on the publisher's thread.
    public func poll(
        _ id: SessionID,
        since: UInt64?,
        waiterID: UInt64,
        isAbandoned: () -> Bool = { false },
        deliver: @escaping @Sendable (PollOutcome) -> Void
    ) {
        let now = clock.now()
        let (immediate, superseded): (PollOutcome?, Waiter?) = state.withLockedValue { state in
            guard !state.isShutDown else { return (.shuttingDown, nil) }
            guard let index = state.mailboxes.index(forKey: id) else { return (.ended, nil) }
            let superseded = state.waiters.removeValue(forKey: id)
            // Answered now or later, a poll is activity; the mailbox is changed in place (through
            // `values[index]`), never copied out and back.
            state.mailboxes.values[index].lastAnswered = now
            let since = min(since ?? state.mailboxes.values[index].acknowledged.seq, state.lastSeq)
            state.mailboxes.values[index].acknowledge(through: since, in: state.log)
            let closed = state.mailboxes.values[index].isClosed
            if let batch = state.batch(at: index, after: since, now: now) {
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
            state.waiters[id] = Waiter(id: waiterID, since: since, deadline: now.addingTimeInterval(pollTimeout), deliver: deliver)
            return (nil, superseded)
        }
        if let superseded {
            superseded.deliver(.batch(.empty(cursor: superseded.since)))
        }
        if let immediate {
            deliver(immediate)
        }
    }

    /// What a poll from where the session last acknowledged would be answered with right now, without
    /// waiting and without touching a poll that is held: the events (then offered), the session's end, or an
    /// empty batch. For an answer that must be taken again after it waited (``DeliveryPump`` promotes it when
    /// the session ends meanwhile).
    public func peek(_ id: SessionID) -> PollOutcome {
        let now = clock.now()
        return state.withLockedValue { state in
            guard !state.isShutDown else { return .shuttingDown }
            guard let index = state.mailboxes.index(forKey: id) else { return .ended }
            let since = min(state.mailboxes.values[index].acknowledged.seq, state.lastSeq)
            let closed = state.mailboxes.values[index].isClosed
            state.mailboxes.values[index].lastAnswered = now
            if let batch = state.batch(at: index, after: since, now: now) {
                if closed { state.mailboxes.remove(at: index) }
                return .batch(batch)
            }
            if closed {
                state.mailboxes.remove(at: index)
                return .ended
            }
            return .batch(.empty(cursor: since))
        }
    }

    /// Ends a held poll whose client went away, so no waiter is left behind.
    public func abandon(_ id: SessionID, waiterID: UInt64) {
        let now = clock.now()
        let waiter: Waiter? = state.withLockedValue { state in
            guard state.waiters[id]?.id == waiterID else { return nil }
            state.mailboxes[id]?.lastAnswered = now
            return state.waiters.removeValue(forKey: id)
        }
        if let waiter {
            waiter.deliver(.batch(.empty(cursor: waiter.since)))
        }
    }

    /// How many polls are held right now.
    public var heldPolls: Int { state.withLockedValue { $0.waiters.count } }

    /// How many mailboxes exist, closed ones not yet collected included.
    public var mailboxCount: Int { state.withLockedValue { $0.mailboxes.count } }

    // MARK: Housekeeping

    /// Answers, empty, every held poll whose deadline has passed.
    ///
    /// A walk over the held polls, once per maintenance tick: cheaper than keeping every poll's deadline in
    /// a queue, which at tens of thousands of polls a second would hold millions of stale entries.
    public func expireWaiters() {
        journal.expireWaiters()
        let now = clock.now()
        let expired: [Waiter] = state.withLockedValue { state in
            var expired: [Waiter] = []
            for (id, waiter) in state.waiters where waiter.deadline <= now {
                expired.append(waiter)
                if let index = state.mailboxes.index(forKey: id) { state.mailboxes.values[index].lastAnswered = now }
            }
            guard !expired.isEmpty else { return [] }
            state.waiters = state.waiters.filter { $0.value.deadline > now }
            return expired
        }
        for waiter in expired {
            waiter.deliver(.batch(.empty(cursor: waiter.since)))
        }
    }

    /// Removes closed mailboxes that nobody came to collect.
    public func sweep(closedBefore cutoff: Date) {
        state.withLockedValue { state in
            while let first = state.closed.first, first.at < cutoff {
                state.closed.removeFirst()
                if state.mailboxes[first.session]?.isClosed == true {
                    state.mailboxes[first.session] = nil
                }
            }
        }
    }

    /// Answers every held poll and refuses new ones: the server is stopping.
    public func shutDown() {
        journal.shutDown()
        let waiters: [Waiter] = state.withLockedValue { state in
            state.isShutDown = true
            defer { state.waiters.removeAll() }
            return Array(state.waiters.values)
        }
        for waiter in waiters {
            waiter.deliver(.shuttingDown)
        }
    }
}
