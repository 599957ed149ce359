import NIOCore
import NIOHTTP1

/// What RFC 9112 asks of a request head that NIO's parser lets through, checked where the version and every
/// `Host` field can still be seen (between NIO's decoder and the conversion to HTTP types, which keeps only
/// the first `Host` and no version):
/// - HTTP/1.1 carries exactly one `Host`, HTTP/1.0 at most one; otherwise 400 and close (§3.2);
/// - a request that does not keep the connection alive (HTTP/1.0 without `keep-alive`, or any `close` token
///   in `Connection`, whatever its case) says so as `Connection: close`, the one form the router lane and the
///   fast lane look for.
final class HTTP1RequestCheck: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart

    /// A refused head: nothing after it on the connection is read.
    private var refused = false

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !refused else { return }
        guard case .head(var head) = unwrapInboundIn(data) else { return context.fireChannelRead(data) }
        let hosts = head.headers["Host"].count
        if hosts > 1 || (hosts == 0 && head.version.minor >= 1) {
            refused = true
            // What the router lane answers any malformed request with: 400, then close.
            return context.fireErrorCaught(HTTPParserError.invalidHeaderToken)
        }
        if !head.isKeepAlive {
            head.headers.replaceOrAdd(name: "Connection", value: "close")
        }
        context.fireChannelRead(wrapInboundOut(.head(head)))
    }
}
