import DequeModule
import NIOConcurrencyHelpers
import NIOCore
import Synchronization

/// Runs the answers of held polls on one event loop, a few at a time, a session's own ending first.
///
/// A broadcast to ten thousand held polls queues ten thousand answers at once. Run as a task each, they
/// would be one long stretch in which the loop reads nothing and a kick's answer waits behind all of them.
/// The pump runs ``chunk`` answers per turn of the loop, so the loop reads its sockets in between, and runs
/// urgent answers (a kick, a ban: the end of a session) before any waiting bulk.
///
/// A task still waits for the loop's current turn to end, and after a burst one turn reads thousands of
/// sockets (NIO handles every socket one `epoll_wait` reports). So urgent answers also run from inside
/// the turn: the ``ChatFastLane`` calls ``runUrgent()`` before each read it handles, and a kick waits for
/// one socket's work instead of all of them.
final class DeliveryPump: Sendable {
    typealias Work = @Sendable () -> Void

    /// An answer that may be promoted: called with `true` when it runs ahead of its turn.
    typealias PromotableWork = @Sendable (_ promoted: Bool) -> Void

    /// An answer waiting its turn, and for which session.
    private struct Bulk {
        let session: SessionID?
        let work: PromotableWork
    }

    private struct Queue {
        var urgent: Deque<Work> = []
        var bulk: Deque<Bulk> = []
        var isScheduled = false
    }

    /// Answers per turn of the loop: about a millisecond of work.
    static let chunk = 64
    /// How far ahead the next chunk is scheduled: long enough that the tick ends and the loop reads its
    /// sockets first (at 50 µs, measured, NIO often still ran the next chunk in the same tick), short against
    /// the chunk's own millisecond or so; when sockets are ready the loop does not wait at all.
    static let yield = TimeAmount.microseconds(200)

    private let loop: any EventLoop
    private let queue = NIOLockedValueBox(Queue())
    /// Whether `queue.urgent` may hold work: read without the lock on every read of every connection.
    private let urgentWaiting = Atomic<Bool>(false)

    init(loop: any EventLoop) {
        self.loop = loop
    }

    /// Queues an answer; callable from any thread. A bulk answer given with its `session` can be moved
    /// ahead by ``promote(_:)``, and is then called with `true`.
    func enqueue(urgent: Bool, session: SessionID? = nil, _ work: @escaping PromotableWork) {
        let schedule = queue.withLockedValue { queue -> Bool in
            if urgent {
                queue.urgent.append { work(false) }
                urgentWaiting.store(true, ordering: .releasing)
            } else {
                queue.bulk.append(Bulk(session: session, work: work))
            }
            return Self.claimSchedule(&queue)
        }
        if schedule { loop.execute { self.run() } }
    }

    /// Moves a session's queued bulk answer to the front, called with `promoted` true: the session has
    /// ended (a kick, say) while its answer waited behind a burst, and the end can go out now, in that
    /// answer. False if no answer of the session's waits here. A scan of the queue: rare, and never long.
    @discardableResult
    func promote(_ session: SessionID) -> Bool {
        let (found, schedule) = queue.withLockedValue { queue -> (Bool, Bool) in
            guard let index = queue.bulk.firstIndex(where: { $0.session == session }) else { return (false, false) }
            let work = queue.bulk.remove(at: index).work
            queue.urgent.append { work(true) }
            urgentWaiting.store(true, ordering: .releasing)
            return (true, Self.claimSchedule(&queue))
        }
        if schedule { loop.execute { self.run() } }
        return found
    }

    /// Whether the caller is to schedule a run (none is scheduled yet).
    private static func claimSchedule(_ queue: inout Queue) -> Bool {
        guard !queue.isScheduled else { return false }
        queue.isScheduled = true
        return true
    }

    /// Runs the urgent answers waiting, now. Call on the pump's loop, where nothing is half done: these
    /// answers write to their own connections.
    func runUrgent() {
        guard urgentWaiting.load(ordering: .acquiring) else { return }
        let batch: [Work] = queue.withLockedValue { queue in
            urgentWaiting.store(false, ordering: .relaxed)
            defer { queue.urgent.removeAll() }
            return Array(queue.urgent)
        }
        for work in batch { work() }
    }

    private func run() {
        let (urgent, bulk): ([Work], [PromotableWork]) = queue.withLockedValue { queue in
            urgentWaiting.store(false, ordering: .relaxed)
            let urgent = Array(queue.urgent)
            queue.urgent.removeAll()
            var bulk: [PromotableWork] = []
            bulk.reserveCapacity(min(Self.chunk, queue.bulk.count))
            while urgent.count + bulk.count < Self.chunk, let next = queue.bulk.popFirst() { bulk.append(next.work) }
            return (urgent, bulk)
        }
        for work in urgent { work() }
        for work in bulk { work(false) }
        let more = queue.withLockedValue { queue -> Bool in
            queue.isScheduled = !(queue.urgent.isEmpty && queue.bulk.isEmpty)
            return queue.isScheduled
        }
        // The next chunk is scheduled a moment ahead rather than queued as a task: NIO runs every task queued
        // during a tick in that same tick, so `execute` would run all ten thousand answers before the loop
        // read a single socket (a kick's request, a person's message, the polls coming back).
        if more { loop.scheduleTask(in: Self.yield) { self.run() } }
    }
}

/// One ``DeliveryPump`` per event loop of a listener.
final class DeliveryPumps: Sendable {
    private let pumps = NIOLockedValueBox<[ObjectIdentifier: DeliveryPump]>([:])

    /// Promotes a session's queued answer on whichever loop holds it (see ``DeliveryPump/promote(_:)``).
    func promote(_ session: SessionID) {
        for pump in pumps.withLockedValue({ Array($0.values) }) where pump.promote(session) { return }
    }

    func pump(for loop: any EventLoop) -> DeliveryPump {
        pumps.withLockedValue { pumps in
            if let pump = pumps[ObjectIdentifier(loop)] { return pump }
            let pump = DeliveryPump(loop: loop)
            pumps[ObjectIdentifier(loop)] = pump
            return pump
        }
    }
}
