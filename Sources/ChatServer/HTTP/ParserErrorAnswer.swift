import HTTPTypes
import NIOCore
import NIOHTTP1
import NIOHTTPTypes

/// Answers a request the HTTP/1 parser refused with our envelope and closes the connection, instead of the
/// bare `400` with an empty body that Hummingbird writes: `431 headers_too_large` when the head (request
/// line or header fields) is over the parser's limit, `400 bad_request` for anything else malformed.
/// Sits after the codec, in the admin listeners' pipelines.
final class ParserErrorAnswer: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    /// Whether a response is under way: a parser error then can only close the connection.
    private var responding = false

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head: responding = true
        case .end: responding = false
        case .body: break
        }
        context.write(data, promise: promise)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard let parserError = error as? HTTPParserError else {
            context.fireErrorCaught(error)
            return
        }
        guard !responding else {
            context.close(promise: nil)
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
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in context.close(promise: nil) }
    }
}
