import NIOCore

/// The first handler of every chat connection, on its bytes: it closes a connection that takes too long over
/// a request's head or body, stays idle too long, or does not read its answers; and it stops reading from a
/// client while the answers already owed to it wait unsent, so that no client can pile answers up in the
/// server's memory by writing requests and never reading.
///
/// Request boundaries come from ``RequestBoundaries``, further up the pipeline where the bytes are requests;
/// the deadlines themselves come from ``ConnectionTimeline``.
final class ConnectionGuard: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let timeouts: ConnectionTimeouts
    private let counters: ConnectionCounters
    private var timeline = ConnectionTimeline()
    private var readDeadline: Scheduled<Void>?
    private var writeDeadline: Scheduled<Void>?
    /// A read was asked for while the connection could not take more answers.
    private var readPending = false
    private var context: ChannelHandlerContext?

    init(timeouts: ConnectionTimeouts, counters: ConnectionCounters) {
        self.timeouts = timeouts
        self.counters = counters
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        arm(ConnectionTimeline.first)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        disarmAll()
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
            writeDeadline?.cancel()
            writeDeadline = nil
            if readPending {
                readPending = false
                context.read()
            }
        } else if writeDeadline == nil {
            writeDeadline = schedule(after: timeouts.write) { handler in
                handler.writeDeadline = nil
                handler.timedOut(.writeTimeout)
            }
        }
        context.fireChannelWritabilityChanged()
    }

    func channelInactive(context: ChannelHandlerContext) {
        disarmAll()
        context.fireChannelInactive()
    }

    // MARK: What RequestBoundaries reports

    func headRead(hasBody: Bool) {
        if let deadline = timeline.headRead(hasBody: hasBody) { arm(deadline) }
    }

    func requestRead() {
        timeline.requestRead()
        readDeadline?.cancel()
        readDeadline = nil
    }

    func answerEnded() {
        if let deadline = timeline.answerEnded() { arm(deadline) }
    }

    // MARK: Deadlines

    private func arm(_ deadline: ConnectionTimeline.Deadline) {
        readDeadline?.cancel()
        readDeadline = schedule(after: timeouts.amount(deadline)) { handler in
            handler.readDeadline = nil
            guard handler.timeline.isCurrent(deadline) else { return }
            switch deadline {
            case .head: handler.timedOut(.headTimeout)
            case .body: handler.timedOut(.bodyTimeout)
            case .idle: handler.timedOut(.idleTimeout)
            }
        }
    }

    private func schedule(after amount: TimeAmount, _ body: @escaping (ConnectionGuard) -> Void) -> Scheduled<Void>? {
        guard let context else { return nil }
        let bound = NIOLoopBound(self, eventLoop: context.eventLoop)
        return context.eventLoop.scheduleTask(in: amount) { body(bound.value) }
    }

    private func timedOut(_ event: ConnectionCounters.Event) {
        counters.count(event)
        disarmAll()
        context?.close(promise: nil)
    }

    private func disarmAll() {
        readDeadline?.cancel()
        readDeadline = nil
        writeDeadline?.cancel()
        writeDeadline = nil
    }
}
