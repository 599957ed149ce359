import DequeModule
import HTTPTypes
import NIOCore
import NIOHTTP1
import NIOHTTPTypes

/// What the fast lane does for every request of its connection, done for the plain lane in front of
/// Hummingbird's request loop, so that both lanes answer alike:
/// - tells the connection's ``ConnectionGuard`` where each request and answer begins and ends;
/// - a request whose declared body is over the limit reaches the router as its head alone, marked
///   `Connection: close`: it is refused at once (``DeclaredBodyLimit``, or join and send themselves, which
///   check a missing token first as on the fast lane), nothing more is read from the connection, and it
///   closes after the answer;
/// - an answer to a request that asked to close says `Connection: close`.
final class PlainLaneRules: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private let maxBodyBytes: Int
    private var connectionGuard: ConnectionGuard?
    /// For each request read and not yet answered, whether it asked to close.
    private var closes: Deque<Bool> = []
    /// A request over the limit was passed on: what the client sends after it is dropped.
    private var discarding = false
    /// A request's head was passed on and its end not yet.
    private var midRequest = false
    /// The input ended inside a request: the connection closes once every answer owed is written.
    private var closeWhenAnswered = false

    init(maxBodyBytes: Int) {
        self.maxBodyBytes = maxBodyBytes
    }

    func handlerAdded(context: ChannelHandlerContext) {
        connectionGuard = try? context.pipeline.syncOperations.handler(type: ConnectionGuard.self)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !discarding else { return }
        switch unwrapInboundIn(data) {
        case .head(var head):
            connectionGuard?.headRead(hasBody: head.headerFields.declaresBody)
            if head.headerFields.declaresBody(over: maxBodyBytes) {
                discarding = true
                head.headerFields[.connection] = "close"
                closes.append(true)
                connectionGuard?.requestRead()
                context.fireChannelRead(wrapInboundOut(.head(head)))
                context.fireChannelRead(wrapInboundOut(.end(nil)))
                return
            }
            closes.append(head.headerFields[.connection] == "close")
            midRequest = true
        case .body:
            break
        case .end:
            midRequest = false
            connectionGuard?.requestRead()
        }
        context.fireChannelRead(data)
    }

    /// Input that ends inside a request's body ends that request where it was cut (the route answers what it
    /// got, a 400 at most) and the connection after its answers, as on the fast lane; Hummingbird would
    /// otherwise throw the parser's error into the route, a 500.
    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard midRequest, let parserError = error as? HTTPParserError, parserError == .invalidEOFState else {
            return context.fireErrorCaught(error)
        }
        midRequest = false
        discarding = true
        closeWhenAnswered = true
        if !closes.isEmpty { closes[closes.count - 1] = true }
        context.fireChannelRead(wrapInboundOut(.end(nil)))
        context.fireChannelReadComplete()
        // Already answered (a send without a token is, before its body): nothing is owed.
        if closes.isEmpty { context.close(promise: nil) }
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head(var head) where head.status.kind != .informational:
            if closes.first == true, head.headerFields[.connection] != "close" {
                head.headerFields[.connection] = "close"
                return context.write(wrapOutboundOut(.head(head)), promise: promise)
            }
        case .end:
            if !closes.isEmpty { closes.removeFirst() }
            connectionGuard?.answerEnded()
            if closeWhenAnswered, closes.isEmpty {
                let written = context.eventLoop.makePromise(of: Void.self)
                written.futureResult.cascade(to: promise)
                context.writeAndFlush(data, promise: written)
                return written.futureResult.assumeIsolated().whenComplete { _ in context.close(promise: nil) }
            }
        default:
            break
        }
        context.write(data, promise: promise)
    }
}
