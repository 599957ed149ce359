import HTTPTypes
import NIOCore
import NIOHTTP1
import NIOHTTPTypes

/// Answers a request the HTTP/1 parser refused with our envelope and closes the connection, instead of the
/// bare `400` with an empty body that Hummingbird writes: `431 headers_too_large` when the head (request
/// line or header fields) is over the parser's limit, `400 bad_request` for anything else malformed.
/// Sits after the codec, in the TCP admin listener's pipeline.
final class ParserErrorAnswer: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    /// Requests read whose answer has not ended: while any is owed, a parser error is left to Hummingbird,
    /// which answers it after them, so that no answer is ever written in the middle of another.
    private var owed = 0

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if case .head = unwrapInboundIn(data) { owed += 1 }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) { owed = max(0, owed - 1) }
        context.write(data, promise: promise)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard let parserError = error as? HTTPParserError else {
            context.fireErrorCaught(error)
            return
        }
        guard owed == 0 else {
            context.fireErrorCaught(error)
            return
        }
        let answer =
            parserError == .headerOverflow
            ? APIError(.requestHeaderFieldsTooLarge, "headers_too_large", "the request line or its header fields are too large")
            : APIError(.badRequest, "bad_request", "the request is not valid HTTP/1.1: \(parserError)")
        var headers = answer.responseHeaders
        headers[.connection] = "close"
        let body = answer.envelope
        headers[.contentLength] = String(body.count)
        context.write(wrapOutboundOut(.head(HTTPResponse(status: answer.status, headerFields: headers))), promise: nil)
        context.write(wrapOutboundOut(.body(context.channel.allocator.buffer(bytes: body))), promise: nil)
        let channel = context.channel
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in channel.close(promise: nil) }
    }
}
