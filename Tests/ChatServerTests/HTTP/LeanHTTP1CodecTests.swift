import HTTPTypes
import NIOCore
import NIOEmbedded
import NIOHTTP1
import NIOHTTPTypes
import NIOHTTPTypesHTTP1
import Testing

@testable import ChatServer

/// The chat connection's own HTTP/1 codec: answers byte for byte as NIO's encoder writes them, requests
/// read as NIO's parser reads them, and the connection handed to NIO's codec at the first request it
/// does not read, only once every earlier request is answered.
@Suite("Lean HTTP/1 codec")
struct LeanHTTP1CodecTests {
    private func channel() throws -> EmbeddedChannel {
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandler(LeanHTTP1Codec(decoderLimits: .init()))
        return channel
    }

    /// What NIO's encoder (behind the HTTPTypes converter, as Hummingbird sets them up) writes for `parts`.
    private func nioBytes(_ parts: [HTTPResponsePart]) throws -> [UInt8] {
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandlers([HTTPResponseEncoder(), HTTP1ToHTTPServerCodec(secure: false)])
        for part in parts { try channel.writeOutbound(part) }
        var bytes: [UInt8] = []
        while let data = try channel.readOutbound(as: IOData.self) {
            guard case .byteBuffer(let buffer) = data else {
                Issue.record("a file region")
                break
            }
            bytes += buffer.readableBytesView
        }
        _ = try channel.finish()
        return bytes
    }

    private func written(_ channel: EmbeddedChannel) throws -> [UInt8] {
        var bytes: [UInt8] = []
        while let buffer = try channel.readOutbound(as: ByteBuffer.self) { bytes += buffer.readableBytesView }
        return bytes
    }

    private func read(_ channel: EmbeddedChannel) throws -> [HTTPRequestPart] {
        var parts: [HTTPRequestPart] = []
        while let part = try channel.readInbound(as: HTTPRequestPart.self) { parts.append(part) }
        return parts
    }

    @Test("answers are the bytes NIO's encoder writes: status lines, fields in order, every framing")
    func answersAsNIOWritesThem() throws {
        var json = HTTPFields()
        json[.contentType] = "application/json; charset=utf-8"
        json[.contentLength] = "7"
        json[.date] = "Fri, 27 Nov 2026 09:00:00 GMT"
        json[.server] = "chat-server"
        var noLength = HTTPFields()
        noLength[.contentType] = "text/plain"
        noLength[.transferEncoding] = "gzip"
        var trailers = HTTPFields()
        trailers[HTTPField.Name("X-Check")!] = "ok"
        let body = ByteBuffer(string: "{\"a\":1}")
        let answers: [[HTTPResponsePart]] = [
            [.head(HTTPResponse(status: .ok, headerFields: json)), .body(body), .end(nil)],
            [.head(HTTPResponse(status: .accepted, headerFields: json)), .body(body), .end(nil)],
            [.head(HTTPResponse(status: .contentTooLarge, headerFields: json)), .body(body), .end(nil)],
            [.head(HTTPResponse(status: .init(code: 599, reasonPhrase: "Odd"), headerFields: json)), .body(body), .end(nil)],
            [.head(HTTPResponse(status: .noContent, headerFields: json)), .end(nil)],
            [.head(HTTPResponse(status: .ok, headerFields: noLength)), .body(body), .body(ByteBuffer()), .body(body), .end(nil)],
            [.head(HTTPResponse(status: .ok, headerFields: noLength)), .body(body), .end(trailers)],
        ]
        for parts in answers {
            let channel = try channel()
            for part in parts { try channel.writeOutbound(part) }
            #expect(try written(channel) == (try nioBytes(parts)), "\(parts.first!)")
            _ = try channel.finish()
        }
    }

    @Test("requests come out as NIO's parser and converter make them, however the bytes are split")
    func requestsAsNIOReadsThem() throws {
        let text =
            "POST /api/send HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer t\r\nContent-Length: 13\r\n\r\n{\"text\":\"hi\"}"
            + "GET /api/poll?since=3 HTTP/1.1\r\nHost: x\r\n\r\n"
        for size in [1, 2, 7, 50, text.utf8.count] {
            let channel = try channel()
            var bytes = Array(text.utf8)[...]
            while !bytes.isEmpty {
                try channel.writeInbound(ByteBuffer(bytes: bytes.prefix(size)))
                bytes = bytes.dropFirst(size)
            }
            let parts = try read(channel)
            guard case .head(let send) = parts.first, case .end = parts.last else {
                Issue.record("\(parts)")
                continue
            }
            #expect(send.method == .post && send.path == "/api/send" && send.authority == "x")
            #expect(send.headerFields[.authorization] == "Bearer t")
            var body = ByteBuffer()
            var heads: [HTTPRequest] = []
            for part in parts {
                switch part {
                case .head(let head): heads.append(head)
                case .body(var chunk): body.writeBuffer(&chunk)
                case .end: break
                }
            }
            #expect(String(buffer: body) == "{\"text\":\"hi\"}")
            #expect(heads.map(\.path) == ["/api/send", "/api/poll?since=3"])
            #expect(parts.filter { if case .end = $0 { true } else { false } }.count == 2)
            // The same head through NIO's parser and converter.
            let reference = EmbeddedChannel()
            try reference.pipeline.syncOperations.addHandlers([ByteToMessageHandler(HTTPRequestDecoder()), HTTP1ToHTTPServerCodec(secure: false)])
            try reference.writeInbound(ByteBuffer(string: text))
            #expect(try reference.readInbound(as: HTTPRequestPart.self) == .head(send))
            _ = try reference.finish()
            _ = try channel.finish()
        }
    }

    @Test("a request it does not read waits until the ones before are answered, then NIO's codec takes over")
    func handsOverOnceAnswered() throws {
        let channel = try channel()
        try channel.writeInbound(
            ByteBuffer(
                string:
                    "GET /api/poll HTTP/1.1\r\nHost: x\r\n\r\nHEAD /api/users HTTP/1.1\r\nHost: x\r\n\r\nGET /api/poll HTTP/1.1\r\nHost: x\r\n\r\n"
            )
        )
        let first = try read(channel)
        #expect(first.count == 2, "the poll, and nothing of the HEAD yet")
        channel.embeddedEventLoop.run()
        #expect(try read(channel).isEmpty)
        #expect(try channel.pipeline.syncOperations.handler(type: LeanHTTP1Codec.self) != nil)

        var fields = HTTPFields()
        fields[.contentLength] = "2"
        try channel.writeOutbound(HTTPResponsePart.head(HTTPResponse(status: .ok, headerFields: fields)))
        try channel.writeOutbound(HTTPResponsePart.body(ByteBuffer(string: "{}")))
        try channel.writeOutbound(HTTPResponsePart.end(nil))
        #expect(String(decoding: try written(channel), as: UTF8.self).hasSuffix("\r\n\r\n{}"))
        channel.embeddedEventLoop.run()  // the hand-over, on a fresh turn of the loop

        #expect(throws: (any Error).self) { try channel.pipeline.syncOperations.handler(type: LeanHTTP1Codec.self) }
        let rest = try read(channel)
        guard case .head(let head) = rest.first, case .head(let poll) = rest.dropFirst(2).first else {
            Issue.record("\(rest)")
            return
        }
        #expect(head.method == .head && head.path == "/api/users")
        #expect(poll.path == "/api/poll")
        // NIO's encoder answers now, paired with NIO's parser: it knows the HEAD's answer has no body.
        try channel.writeOutbound(HTTPResponsePart.head(HTTPResponse(status: .ok, headerFields: fields)))
        #expect(throws: NIOHTTPResponseEncoderError.responseBodyNotAllowed) {
            try channel.writeOutbound(HTTPResponsePart.body(ByteBuffer(string: "{}")))
        }
        try channel.writeOutbound(HTTPResponsePart.end(nil))
        var out = ""
        while let data = try channel.readOutbound(as: IOData.self) {
            if case .byteBuffer(let buffer) = data { out += String(buffer: buffer) }
        }
        #expect(out.hasPrefix("HTTP/1.1 200 OK\r\n") && out.hasSuffix("\r\n\r\n"), "no body after a HEAD: \(out.debugDescription)")
        _ = try channel.finish()
    }

    @Test("with nothing to answer, a request it does not read goes to NIO's codec at once")
    func handsOverAtOnce() throws {
        let channel = try channel()
        try channel.writeInbound(ByteBuffer(string: "POST /api/send HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nabcd\r\n0\r\n\r\n"))
        let parts = try read(channel)
        #expect(parts.count == 3)
        if case .body(let body) = parts[1] { #expect(String(buffer: body) == "abcd") } else { Issue.record("\(parts)") }
        #expect(throws: (any Error).self) { try channel.pipeline.syncOperations.handler(type: LeanHTTP1Codec.self) }
        _ = try channel.finish()
    }

    @Test("the end of input in the middle of a request is NIO's invalid EOF; between requests, nothing")
    func endOfInput() throws {
        for partial in ["POST /api/send HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc", "GET /api/poll HTTP/1.1\r\nHo"] {
            let channel = try channel()
            try channel.writeInbound(ByteBuffer(string: partial))
            channel.pipeline.fireUserInboundEventTriggered(ChannelEvent.inputClosed)
            #expect(throws: HTTPParserError.invalidEOFState) { try channel.throwIfErrorCaught() }
            _ = try? channel.finish()
        }
        let channel = try channel()
        try channel.writeInbound(ByteBuffer(string: "GET /api/poll HTTP/1.1\r\nHost: x\r\n\r\n"))
        channel.pipeline.fireUserInboundEventTriggered(ChannelEvent.inputClosed)
        try channel.throwIfErrorCaught()
        #expect(try read(channel).count == 2)
        _ = try channel.finish()
    }
}
