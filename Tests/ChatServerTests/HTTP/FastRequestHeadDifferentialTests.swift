import HTTPTypes
import NIOCore
import NIOEmbedded
import NIOHTTP1
import NIOHTTPTypes
import NIOHTTPTypesHTTP1
import Testing

@testable import ChatServer

/// The lean codec's one promise, checked against NIO's parser on thousands of generated requests, many of
/// them odd: whatever it reads, NIO's parser reads too, as the same request with the same body length.
/// (What it leaves to NIO needs no check: NIO reads that itself.) A request both read differently would be
/// a request smuggled past one of them.
@Suite("Fast request heads against NIO's parser")
struct FastRequestHeadDifferentialTests {
    /// A small deterministic generator (xorshift64*), so that a failure names a case that can be replayed.
    struct Generator {
        var state: UInt64

        mutating func next() -> UInt64 {
            state ^= state >> 12
            state ^= state << 25
            state ^= state >> 27
            return state &* 2_685_821_657_736_338_717
        }

        mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
        mutating func chance(_ percent: Int) -> Bool { below(100) < percent }
        mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
    }

    /// Bytes a request's parts are drawn from: mostly ordinary, sometimes anything that has made parsers
    /// disagree (blanks, separators, CR and LF alone, NUL, DEL, bytes past ASCII).
    static let plain = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~".utf8)
    static let odd: [UInt8] = Array(" \t:;,\"'()<>@[]{}/?=%#+&!$*|^`\\".utf8) + [0, 0x0B, 0x0C, 0x0D, 0x0A, 0x7F, 0x80, 0xC3, 0xA9, 0xFF]

    static func text(_ generator: inout Generator, length: Int, oddPercent: Int) -> [UInt8] {
        (0..<length).map { _ in generator.chance(oddPercent) ? generator.pick(odd) : generator.pick(plain) }
    }

    static func request(_ generator: inout Generator) -> [UInt8] {
        var bytes: [UInt8] = []
        let line = generator.pick(["GET /api/poll", "POST /api/send", "POST /api/join"])
        bytes += Array(line.utf8)
        if generator.chance(60) {
            bytes += Array("?".utf8) + text(&generator, length: generator.below(20), oddPercent: 10)
        }
        bytes += Array(generator.pick([" HTTP/1.1", " HTTP/1.1", " HTTP/1.1", " HTTP/1.0", "  HTTP/1.1", " http/1.1"]).utf8)
        bytes += Array("\r\n".utf8)
        let names = ["Host", "Authorization", "Content-Length", "X-Forwarded-For", "Connection", "Transfer-Encoding", "Upgrade", "Cookie", "X-A"]
        var bodyLength = 0
        // HTTP/1.1 needs a Host, so most requests carry one (the lean codec leaves the rest to NIO).
        if generator.chance(75) { bytes += Array("Host: chat.example\r\n".utf8) }
        for _ in 0..<generator.below(6) {
            var name = Array(generator.pick(names).utf8)
            if generator.chance(20) { name = text(&generator, length: 1 + generator.below(8), oddPercent: 15) }
            if generator.chance(10) { name += Array(generator.pick([" ", "\t"]).utf8) }
            var value: [UInt8]
            if name == Array("Content-Length".utf8) {
                bodyLength = generator.below(40)
                value = Array(
                    generator.pick([
                        "\(bodyLength)", "0\(bodyLength)", " \(bodyLength) ", "+\(bodyLength)", "\(bodyLength), \(bodyLength)", "\(bodyLength)x",
                    ]).utf8
                )
            } else {
                value = text(&generator, length: generator.below(30), oddPercent: 8)
                if generator.chance(15) {
                    value = Array(generator.pick([" ", "\t", "  "]).utf8) + value + Array(generator.pick([" ", "\t", ""]).utf8)
                }
            }
            bytes += name + Array(":".utf8) + (generator.chance(80) ? Array(" ".utf8) : []) + value
            bytes += Array(generator.pick(["\r\n", "\r\n", "\r\n", "\r\n", "\n", "\r\n "]).utf8)
        }
        bytes += Array("\r\n".utf8)
        bytes += Array(repeating: UInt8(ascii: "b"), count: bodyLength)
        return bytes
    }

    /// The first request NIO's parser and converter make of `bytes`, with its body's length; nil if they
    /// refuse it.
    static func nio(_ bytes: [UInt8]) -> (HTTPRequest, Int)? {
        let channel = EmbeddedChannel()
        defer { _ = try? channel.finish() }
        do {
            try channel.pipeline.syncOperations.addHandlers([ByteToMessageHandler(HTTPRequestDecoder()), HTTP1ToHTTPServerCodec(secure: false)])
            try channel.writeInbound(ByteBuffer(bytes: bytes))
            guard case .head(let head) = try channel.readInbound(as: HTTPRequestPart.self) else { return nil }
            var length = 0
            while let part = try channel.readInbound(as: HTTPRequestPart.self) {
                switch part {
                case .head: return nil
                case .body(let body): length += body.readableBytes
                case .end: return (head, length)
                }
            }
            return nil  // not ended with these bytes
        } catch {
            return nil
        }
    }

    @Test("whatever the lean codec reads, NIO's parser reads the same way", arguments: [1, 2, 3, 4])
    func agreesWithNIO(seed: UInt64) {
        var generator = Generator(state: 0x9E37_79B9_7F4A_7C15 &* seed)
        var read = 0
        for index in 0..<8000 {
            let bytes = Self.request(&generator)
            guard case .request(let head, let headLength, let bodyLength) = bytes.withUnsafeBytes(FastRequestHead.parse) else { continue }
            read += 1
            let shown = String(decoding: bytes, as: UTF8.self).debugDescription
            guard let (nioHead, nioBodyLength) = Self.nio(bytes) else {
                Issue.record("seed \(seed) case \(index): read here, refused by NIO: \(shown)")
                continue
            }
            #expect(head == nioHead, "seed \(seed) case \(index): \(shown)")
            #expect(bodyLength == nioBodyLength, "seed \(seed) case \(index): \(shown)")
            #expect(headLength + bodyLength <= bytes.count)
        }
        #expect(read > 500, "enough generated requests fall inside the subset to say something")
    }
}
