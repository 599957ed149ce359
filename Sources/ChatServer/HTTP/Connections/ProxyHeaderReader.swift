import AdminAPI
import NIOCore

/// First in the pipeline of a connection from a trusted proxy that speaks the PROXY protocol: reads the
/// ``ProxyHeader`` and nothing more, then hands over. Until then no byte goes further, so nothing (TLS,
/// HTTP) sees the connection before its client is known and the ``ConnectionGate`` has let it in.
///
/// The rest of the pipeline is in place from the start (NIO reads nothing from a connection before its
/// set-up is done, so that cannot wait for the header). Once the header is read, `admit` is asked, on the
/// connection's loop, with the client it names (nil when it names none): it answers nil to let the
/// connection on, then what the proxy sent after the header is passed on and the reader leaves the
/// pipeline; or the bytes to refuse it with, written from here (beneath the HTTP handlers) before the
/// connection closes. A connection that sends anything else, more than ``ProxyHeader/maxLength`` bytes of
/// header, or no whole header within `timeout`, is closed unanswered: a trusted proxy that does not speak
/// the protocol is misconfigured, and nothing it sent can be trusted.
final class ProxyHeaderReader: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let timeout: TimeAmount
    private let admit: (IPAddress?, ProxyHeaderReader) -> [UInt8]?
    private let refused: @Sendable (String) -> Void
    private var received = ByteBuffer()
    private var deadline: Scheduled<Void>?
    private var finished = false

    /// - Parameter refused: told why, when a connection is closed for its header.
    init(timeout: TimeAmount, refused: @escaping @Sendable (String) -> Void, admit: @escaping (IPAddress?, ProxyHeaderReader) -> [UInt8]?) {
        self.timeout = timeout
        self.refused = refused
        self.admit = admit
    }

    func handlerAdded(context: ChannelHandlerContext) {
        let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        deadline = context.eventLoop.scheduleTask(in: timeout) {
            let (reader, context) = bound.value
            reader.closeUnanswered("no whole PROXY header within \(reader.timeout.nanoseconds / 1_000_000) ms", context: context)
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !finished else { return }
        var buffer = unwrapInboundIn(data)
        received.writeBuffer(&buffer)
        switch ProxyHeader.parse(received.readableBytesView) {
        case .incomplete:
            return
        case .invalid(let why):
            closeUnanswered(why, context: context)
        case .header(let client, let length):
            finished = true
            deadline?.cancel()
            received.moveReaderIndex(forwardBy: length)
            if let answer = admit(client, self) {
                received = ByteBuffer()
                context.writeAndFlush(wrapOutboundOut(context.channel.allocator.buffer(bytes: answer))).whenComplete { _ in
                    context.close(promise: nil)
                }
                return
            }
            handOver(context: context)
        }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        deadline?.cancel()
    }

    /// Passes on what came after the header and leaves the pipeline.
    private func handOver(context: ChannelHandlerContext) {
        let rest = received
        received = ByteBuffer()
        if rest.readableBytes > 0 {
            context.fireChannelRead(wrapInboundOut(rest))
            context.fireChannelReadComplete()
        }
        context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
    }

    private func closeUnanswered(_ why: String, context: ChannelHandlerContext) {
        guard !finished else { return }
        finished = true
        deadline?.cancel()
        refused(why)
        context.close(promise: nil)
    }
}
