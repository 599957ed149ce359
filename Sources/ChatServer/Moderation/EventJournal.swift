import DequeModule
import Foundation
import NIOConcurrencyHelpers

/// The recent room and moderation events in one bounded ring, for moderators' event stream
/// (`GET /admin/v1/events`). Unlike a mailbox it keeps no per-reader state: a reader passes its cursor and
/// is held, like a chat poll, until something newer arrives. A reader that falls behind the ring is told of
/// the gap.
public final class EventJournal: Sendable {
    private struct Waiter {
        let since: UInt64
        let continuation: CheckedContinuation<JournalBatch?, Never>
    }

    private struct State {
        var ring: Deque<EncodedEvent> = []
        /// The seq of the newest event pushed out of the ring.
        var evictedThrough: UInt64 = 0
        var lastSeq: UInt64 = 0
        var waiters: [UInt64: Waiter] = [:]
        var deadlines: Deque<(at: Date, id: UInt64)> = []
        var isShutDown = false

        func batch(after since: UInt64) -> JournalBatch? {
            let events = ring.filter { $0.seq > since }
            let gap = since < evictedThrough
            guard !events.isEmpty || gap else { return nil }
            return JournalBatch(events: Array(events), gap: gap, cursor: events.last?.seq ?? evictedThrough)
        }
    }

    private let state = NIOLockedValueBox(State())
    private let capacity: Int
    private let clock: any ChatClock
    private let timeout: TimeInterval

    public init(capacity: Int = 1000, clock: any ChatClock, timeout: TimeInterval) {
        self.capacity = capacity
        self.clock = clock
        self.timeout = timeout
    }

    /// Records an event (in sequence order: the post office calls this under its lock) and answers readers.
    func append(_ event: EncodedEvent) {
        let woken: [(Waiter, JournalBatch)] = state.withLockedValue { state in
            state.ring.append(event)
            state.lastSeq = event.seq
            if state.ring.count > capacity {
                state.evictedThrough = state.ring.removeFirst().seq
            }
            var woken: [(Waiter, JournalBatch)] = []
            for (id, waiter) in state.waiters {
                if let batch = state.batch(after: waiter.since) {
                    woken.append((waiter, batch))
                    state.waiters[id] = nil
                }
            }
            return woken
        }
        for (waiter, batch) in woken { waiter.continuation.resume(returning: batch) }
    }

    /// The events after `since` (nil: from now on), at once or when one arrives; empty at the timeout.
    /// Returns nil when the server is shutting down.
    public func read(since: UInt64?, waiterID: UInt64, isAbandoned: @Sendable () -> Bool = { false }) async -> JournalBatch? {
        let now = clock.now()
        return await withCheckedContinuation { (continuation: CheckedContinuation<JournalBatch?, Never>) in
            let immediate: JournalBatch?? = state.withLockedValue { state in
                guard !state.isShutDown else { return .some(nil) }
                let since = min(since ?? state.lastSeq, state.lastSeq)
                if let batch = state.batch(after: since) { return batch }
                if isAbandoned() { return JournalBatch(events: [], gap: false, cursor: since) }
                state.waiters[waiterID] = Waiter(since: since, continuation: continuation)
                state.deadlines.append((now.addingTimeInterval(timeout), waiterID))
                return .none
            }
            if case .some(let answer) = immediate {
                continuation.resume(returning: answer)
            }
        }
    }

    /// Ends a read whose client went away.
    public func abandon(waiterID: UInt64) {
        let waiter = state.withLockedValue { $0.waiters.removeValue(forKey: waiterID) }
        waiter?.continuation.resume(returning: JournalBatch(events: [], gap: false, cursor: waiter!.since))
    }

    /// Answers, empty, the reads whose timeout passed.
    public func expireWaiters() {
        let now = clock.now()
        let expired: [Waiter] = state.withLockedValue { state in
            var expired: [Waiter] = []
            while let first = state.deadlines.first, first.at <= now {
                state.deadlines.removeFirst()
                if let waiter = state.waiters.removeValue(forKey: first.id) { expired.append(waiter) }
            }
            return expired
        }
        for waiter in expired { waiter.continuation.resume(returning: JournalBatch(events: [], gap: false, cursor: waiter.since)) }
    }

    /// Answers every reader with nil and refuses new ones.
    public func shutDown() {
        let waiters: [Waiter] = state.withLockedValue { state in
            state.isShutDown = true
            defer { state.waiters.removeAll() }
            return Array(state.waiters.values)
        }
        for waiter in waiters { waiter.continuation.resume(returning: nil) }
    }

    /// How many reads are held.
    public var heldReads: Int { state.withLockedValue { $0.waiters.count } }
}

/// What one read of the journal returns.
public struct JournalBatch: Sendable {
    public var events: [EncodedEvent]
    /// The reader's cursor was older than the ring: some events were missed.
    public var gap: Bool
    public var cursor: UInt64
}
