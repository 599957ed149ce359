import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix

/// One keep-alive HTTP/1.1 client connection from a chosen source address, driven by callbacks on its
/// event loop: no task per request, so tens of thousands of held polls cost one channel each.
final class HTTPConnection: ChannelInboundHandler, @unchecked Sendable {
    // @unchecked: every property is touched only on the channel's event loop (handler callbacks, and
    // `send`, which hops there first).
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundOut = HTTPClientRequestPart

    struct Response {
        var status: UInt
        var headers: HTTPHeaders
        var body: ByteBuffer
    }

    private var channel: (any Channel)?
    private var head: HTTPResponseHead?
    private var body = ByteBuffer()
    /// Callbacks for the requests in flight, in order (HTTP/1.1 answers in order).
    private var waiting: [(Response) -> Void] = []
    private let host: String
    var onClose: (() -> Void)?

    init(host: String) {
        self.host = host
    }

    static func connect(
        group: any EventLoopGroup,
        to port: Int,
        from source: String,
        host: String = "127.0.0.1"
    ) -> EventLoopFuture<HTTPConnection> {
        let connection = HTTPConnection(host: "\(host):\(port)")
        return ClientBootstrap(group: group)
            .channelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .channelOption(ChannelOptions.tcpOption(.tcp_nodelay), value: 1)
            .bind(to: try! SocketAddress(ipAddress: source, port: 0))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    try channel.pipeline.syncOperations.addHandler(connection)
                }
            }
            .connect(host: host, port: port)
            .map { channel in
                connection.channel = channel
                return connection
            }
    }

    var eventLoop: (any EventLoop)? { channel?.eventLoop }

    /// Sends a request; `done` runs on the event loop with the whole response.
    func send(
        _ method: HTTPMethod,
        _ uri: String,
        headers extra: [(String, String)] = [],
        body: ByteBuffer? = nil,
        done: @escaping (Response) -> Void
    ) {
        guard let channel else { return }
        channel.eventLoop.execute {
            var headers = HTTPHeaders([("Host", self.host)])
            for (name, value) in extra { headers.add(name: name, value: value) }
            if let body { headers.add(name: "Content-Length", value: String(body.readableBytes)) }
            self.waiting.append(done)
            channel.write(HTTPClientRequestPart.head(HTTPRequestHead(version: .http1_1, method: method, uri: uri, headers: headers)), promise: nil)
            if let body { channel.write(HTTPClientRequestPart.body(.byteBuffer(body)), promise: nil) }
            channel.writeAndFlush(HTTPClientRequestPart.end(nil), promise: nil)
        }
    }

    func close() {
        channel?.close(promise: nil)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
            body.clear()
        case .body(var part):
            body.writeBuffer(&part)
        case .end:
            guard let head, !waiting.isEmpty else { return }
            let done = waiting.removeFirst()
            done(Response(status: head.status.code, headers: head.headers, body: body))
            self.head = nil
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        onClose?()
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}

/// Source addresses spread over 127.0.0.0/8 (skipping .0 and .255), `perAddress` uses each, so host caps
/// need no exemption and ephemeral ports never run out.
struct SourceAddresses {
    let perAddress: Int

    func address(for index: Int) -> String {
        let slot = index / perAddress
        let a = 1 + (slot / (254 * 254)) % 250
        let b = (slot / 254) % 254 + 1
        let c = slot % 254 + 1
        return "127.\(a).\(b).\(c)"
    }
}
