import NIOConcurrencyHelpers
import NIOCore

/// The deadlines of one event loop's chat connections, checked on one repeating timer: each
/// ``ConnectionGuard`` only notes its deadline, and the sweeper closes whichever have passed. A timer of their own per connection cost every request a schedule and a cancel
/// (and every poll answered in a burst too): measured at a quarter of the server's work per request and a
/// third more CPU per delivery (docs/performance.md).
///
/// Loop-bound: created, used and ticking on its loop only (``ConnectionSweepers`` hands it out there).
final class ConnectionSweeper {
    /// How often deadlines are checked, and so how late past its deadline a connection may be closed.
    static let tick = TimeAmount.milliseconds(250)

    private let loop: any EventLoop
    /// Shared by the loop's connections rather than kept by each: a held poll's connection is mostly its handlers.
    let timeouts: ConnectionTimeouts
    let counters: ConnectionCounters
    private var guards: [ObjectIdentifier: ConnectionGuard] = [:]
    private var task: RepeatedTask?

    init(loop: any EventLoop, timeouts: ConnectionTimeouts, counters: ConnectionCounters) {
        self.loop = loop
        self.timeouts = timeouts
        self.counters = counters
    }

    /// A deadline `amount` and one tick from now; the connection is closed at the first tick after it, so
    /// between `amount` and two ticks later, never before.
    ///
    /// The clock is read here (a few tens of nanoseconds) rather than taken from the last tick: a loop that
    /// was held up (a busy machine) would otherwise note deadlines already past for connections it
    /// accepted on waking, and close them before reading what they had sent in time.
    func deadline(after amount: TimeAmount) -> NIODeadline {
        .now() + amount + Self.tick
    }

    func add(_ connectionGuard: ConnectionGuard) {
        loop.preconditionInEventLoop()
        guards[ObjectIdentifier(connectionGuard)] = connectionGuard
        guard task == nil else { return }
        let bound = NIOLoopBound(self, eventLoop: loop)
        task = loop.scheduleRepeatedTask(initialDelay: Self.tick, delay: Self.tick) { _ in bound.value.sweep() }
    }

    func remove(_ connectionGuard: ConnectionGuard) {
        guards[ObjectIdentifier(connectionGuard)] = nil
        if guards.isEmpty {
            task?.cancel()
            task = nil
        }
    }

    private func sweep() {
        let now = NIODeadline.now()
        for connectionGuard in Array(guards.values) { connectionGuard.check(at: now) }
    }
}

/// One ``ConnectionSweeper`` per event loop of the chat listener.
final class ConnectionSweepers: Sendable {
    private let sweepers = NIOLockedValueBox<[ObjectIdentifier: NIOLoopBound<ConnectionSweeper>]>([:])
    let timeouts: ConnectionTimeouts
    let counters: ConnectionCounters

    init(timeouts: ConnectionTimeouts, counters: ConnectionCounters) {
        self.timeouts = timeouts
        self.counters = counters
    }

    /// The sweeper of `loop`; call on that loop.
    func sweeper(for loop: any EventLoop) -> ConnectionSweeper {
        sweepers.withLockedValue { sweepers in
            if let sweeper = sweepers[ObjectIdentifier(loop)] { return sweeper.value }
            let sweeper = ConnectionSweeper(loop: loop, timeouts: timeouts, counters: counters)
            sweepers[ObjectIdentifier(loop)] = NIOLoopBound(sweeper, eventLoop: loop)
            return sweeper
        }
    }
}
