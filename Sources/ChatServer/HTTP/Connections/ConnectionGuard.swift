import AdminAPI
import NIOCore

/// The first handler of every chat connection, on its bytes: it closes a connection that takes too long over
/// a request's head or body, stays idle too long, or does not read its answers; and it stops reading from a
/// client while the answers already owed to it wait unsent, so that no client can pile answers up in the
/// server's memory by writing requests and never reading.
///
/// Request boundaries come from the ``ChatFastLane`` at the end of the pipeline, which sees every request and
/// every answer of both lanes (a handler of its own for them cost every request five more hops: measured);
/// which deadline applies comes from ``ConnectionTimeline``. Deadlines are only noted here; the loop's
/// ``ConnectionSweeper`` checks them.
final class ConnectionGuard: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let sweepers: ConnectionSweepers
    private var sweeper: ConnectionSweeper?
    /// Where the connection is counted, released once when it closes.
    private var counted: (connections: HostConnections, host: CIDR?)?
    private var timeline = ConnectionTimeline()
    /// The read deadline in force, and which it is.
    private var readDeadline: (at: NIODeadline, kind: ConnectionTimeline.Deadline)?
    /// Set while more answers wait unsent than the connection's bound.
    private var writeDeadline: NIODeadline?
    /// A read was asked for while the connection could not take more answers.
    private var readPending = false
    private var context: ChannelHandlerContext?

    /// - Parameter counted: the host the connection was admitted against, to release when it closes; nil
    ///   until it is admitted (``count(against:in:)``), for a connection whose client is not known yet.
    init(sweepers: ConnectionSweepers, counted: (connections: HostConnections, host: CIDR?)?) {
        self.sweepers = sweepers
        self.counted = counted
    }

    /// The connection was admitted against `host` once its client was known: released when it closes.
    func count(against host: CIDR?, in connections: HostConnections) {
        counted = (connections, host)
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        let sweeper = sweepers.sweeper(for: context.eventLoop)
        self.sweeper = sweeper
        sweeper.add(self)
        arm(ConnectionTimeline.first)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        stopWatching()
        self.context = nil
    }

    // MARK: What the connection does

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if let deadline = timeline.bytesArrived() { arm(deadline) }
        context.fireChannelRead(data)
    }

    func read(context: ChannelHandlerContext) {
        guard context.channel.isWritable else {
            readPending = true
            return
        }
        context.read()
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable {
            writeDeadline = nil
            if readPending {
                readPending = false
                context.read()
            }
        } else if writeDeadline == nil, let sweeper {
            writeDeadline = sweeper.deadline(after: sweeper.timeouts.write)
        }
        context.fireChannelWritabilityChanged()
    }

    func channelInactive(context: ChannelHandlerContext) {
        stopWatching()
        context.fireChannelInactive()
    }

    // MARK: What the fast lane reports

    func headRead(hasBody: Bool) {
        if let deadline = timeline.headRead(hasBody: hasBody) { arm(deadline) }
    }

    func requestRead() {
        timeline.requestRead()
        readDeadline = nil
    }

    func answerEnded() {
        if let deadline = timeline.answerEnded() { arm(deadline) }
    }

    // MARK: Deadlines

    private func arm(_ deadline: ConnectionTimeline.Deadline) {
        guard let sweeper else { return }
        readDeadline = (sweeper.deadline(after: sweeper.timeouts.amount(deadline)), deadline)
    }

    /// Closes the connection if a deadline in force has passed; the sweeper calls this every tick.
    func check(at now: NIODeadline) {
        if let readDeadline, readDeadline.at <= now, timeline.isCurrent(readDeadline.kind) {
            switch readDeadline.kind {
            case .head: timedOut(.headTimeout)
            case .body: timedOut(.bodyTimeout)
            case .idle: timedOut(.idleTimeout)
            }
        } else if let writeDeadline, writeDeadline <= now {
            timedOut(.writeTimeout)
        }
    }

    private func timedOut(_ event: ConnectionCounters.Event) {
        sweepers.counters.count(event)
        let context = self.context
        stopWatching()
        context?.close(promise: nil)
    }

    private func stopWatching() {
        if let counted {
            counted.connections.release(counted.host)
            self.counted = nil
        }
        readDeadline = nil
        writeDeadline = nil
        sweeper?.remove(self)
        sweeper = nil
    }
}
