import ChatServer
import HTTPTypes
import NIOCore
import NIOEmbedded
import NIOHTTPTypes

/// One held poll's trip through a connection's HTTP/1 codec, on an `EmbeddedChannel`: the request's bytes
/// in and its head and end out, then an answer of 200 with a 180-byte body in and its bytes out. Run with the
/// lean codec and with NIO's, alternating round by round so that both see the same machine.
struct CodecRound {
    let codec: ChatCodec
    private let channel = EmbeddedChannel()
    private let request: ByteBuffer
    private let answer: HTTPResponse
    private let body: ByteBuffer

    init(codec: ChatCodec) {
        self.codec = codec
        try! codec.install(on: channel.pipeline.syncOperations)
        request = ByteBuffer(
            string: "GET /api/poll?since=48213 HTTP/1.1\r\nHost: chat.example.org\r\nUser-Agent: Mozilla/5.0 (X11; Linux x86_64)\r\n"
                + "Accept: */*\r\nAuthorization: Bearer s_3q9Xc1uA0mZ7LwYbKd2fJt\r\nConnection: keep-alive\r\n\r\n"
        )
        answer = HTTPResponse(
            status: .ok,
            headerFields: [
                .contentType: "application/json", .cacheControl: "no-store", .contentLength: "180", .date: "Thu, 03 Dec 2026 06:00:00 GMT",
                .server: "chat-server",
            ]
        )
        body = ByteBuffer(repeating: UInt8(ascii: "x"), count: 180)
    }

    /// One trip; returns how many bytes went out, so that nothing is optimised away.
    func run() -> Int {
        try! channel.writeInbound(request)
        guard case .head = try! channel.readInbound(as: HTTPRequestPart.self), case .end = try! channel.readInbound(as: HTTPRequestPart.self)
        else { fatalError("\(codec): the request did not come through whole") }
        channel.write(HTTPResponsePart.head(answer), promise: nil)
        channel.write(HTTPResponsePart.body(body), promise: nil)
        channel.writeAndFlush(HTTPResponsePart.end(nil), promise: nil)
        var written = 0
        while let bytes = try! channel.readOutbound(as: ByteBuffer.self) { written += bytes.readableBytes }
        return written
    }
}
