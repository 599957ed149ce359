import HTTPTypes
import NIOCore
import NIOHTTPTypes

/// Sits right after the chat connection's HTTP codec (the lean one, or NIO's once it takes over, which is
/// put in the same place) and tells the connection's ``ConnectionGuard`` where requests and answers begin
/// and end. Passes everything on unchanged.
final class RequestBoundaries: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private let connectionGuard: ConnectionGuard

    init(reportingTo connectionGuard: ConnectionGuard) {
        self.connectionGuard = connectionGuard
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            let fields = head.headerFields
            let hasBody = fields[.transferEncoding] != nil || (fields[.contentLength].map { $0 != "0" } ?? false)
            connectionGuard.headRead(hasBody: hasBody)
        case .body:
            break
        case .end:
            connectionGuard.requestRead()
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) { connectionGuard.answerEnded() }
        context.write(data, promise: promise)
    }
}
