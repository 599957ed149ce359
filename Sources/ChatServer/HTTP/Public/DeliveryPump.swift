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

    private struct Queue {
        var urgent: Deque<Work> = []
        var bulk: Deque<Work> = []
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

    /// Queues an answer; callable from any thread.
    func enqueue(urgent: Bool, _ work: @escaping Work) {
        let schedule = queue.withLockedValue { queue -> Bool in
            if urgent {
                queue.urgent.append(work)
                urgentWaiting.store(true, ordering: .releasing)
            } else {
                queue.bulk.append(work)
            }
            guard !queue.isScheduled else { return false }
            queue.isScheduled = true
            return true
        }
        if schedule { loop.execute { self.run() } }
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
        let batch: [Work] = queue.withLockedValue { queue in
            urgentWaiting.store(false, ordering: .relaxed)
            var batch = Array(queue.urgent)
            queue.urgent.removeAll()
            while batch.count < Self.chunk, let work = queue.bulk.popFirst() { batch.append(work) }
            return batch
        }
        for work in batch { work() }
        let more = queue.withLockedValue { queue -> Bool in
            queue.isScheduled = !(queue.urgent.isEmpty && queue.bulk.isEmpty)
            return queue.isScheduled
        }
        // A fresh task rather than a loop here: the event loop reads its sockets before running it.
        if more { loop.execute { self.run() } }
    }
}

/// One ``DeliveryPump`` per event loop of a listener.
final class DeliveryPumps: Sendable {
    private let pumps = NIOLockedValueBox<[ObjectIdentifier: DeliveryPump]>([:])

    func pump(for loop: any EventLoop) -> DeliveryPump {
        pumps.withLockedValue { pumps in
            if let pump = pumps[ObjectIdentifier(loop)] { return pump }
            let pump = DeliveryPump(loop: loop)
            pumps[ObjectIdentifier(loop)] = pump
            return pump
        }
    }
}
