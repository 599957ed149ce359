import DequeModule
import NIOConcurrencyHelpers
import NIOCore
import Synchronization

/// Runs the answers of held polls on one event loop, a few at a time, a session's own ending first.
///
/// A broadcast to ten thousand held polls queues ten thousand answers at once. The pump runs them ``chunk``
/// at a time, each chunk a task of its own, and runs urgent answers (a kick, a ban: the end of a session)
/// before any waiting bulk, so an ending queued mid-burst waits for one chunk, not the whole burst.
///
/// The burst's answers all go out before the loop reads its sockets again: NIO runs tasks queued during a
/// turn in that same turn. That is deliberate. Scheduling each chunk a moment ahead, so that the loop reads
/// in between, was measured (docs/performance.md): kicks then reached a victim whose next poll was still
/// unread within 10 ms, but every delivery of a burst took twice as long (p99 650 ms against 250), since the
/// re-polls were read before the remaining answers went out. Deliveries to everyone come first.
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
        for work in queue.withLockedValue({ takeUrgent(&$0) }) { work() }
    }

    /// Empties the urgent queue, under the lock, into the caller's hands.
    private func takeUrgent(_ queue: inout Queue) -> [Work] {
        urgentWaiting.store(false, ordering: .relaxed)
        defer { queue.urgent.removeAll() }
        return Array(queue.urgent)
    }

    private func run() {
        let (urgent, bulk): ([Work], [PromotableWork]) = queue.withLockedValue { queue in
            let urgent = takeUrgent(&queue)
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
        // A fresh task rather than a loop here: tasks queued meanwhile (an ending's, from another thread) run
        // in between.
        if more { loop.execute { self.run() } }
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
