import HTTPTypes
import Testing

@testable import ChatServer

/// The strict subset of HTTP/1.1 the lean codec reads itself: what it reads, it reads as NIO's parser
/// would; everything else, valid or not, is left to NIO's parser.
@Suite("Fast request heads")
struct FastRequestHeadTests {
    private func parse(_ text: String) -> FastRequestHead.Parsed {
        parse(Array(text.utf8))
    }

    private func parse(_ bytes: [UInt8]) -> FastRequestHead.Parsed {
        bytes.withUnsafeBytes { FastRequestHead.parse($0) }
    }

    @Test("a poll: path with its query, the Host as authority, every other field in order, no body")
    func poll() throws {
        let text =
            "GET /api/poll?since=42&x=%20y HTTP/1.1\r\nHost: chat.example:8080\r\nAUTHORIZATION: Bearer abc \t\r\nX-Forwarded-For:10.0.0.1\r\nX-Odd-Name: a  b\r\n\r\nPOST"
        guard case .request(let head, let length, let body) = parse(text) else {
            Issue.record("not read")
            return
        }
        #expect(length == text.utf8.count - 4)
        #expect(body == 0)
        #expect(head.method == .get)
        #expect(head.scheme == "http")
        #expect(head.path == "/api/poll?since=42&x=%20y")
        #expect(head.authority == "chat.example:8080")
        #expect(head.headerFields[.authorization] == "Bearer abc")
        #expect(head.headerFields[.xForwardedFor] == "10.0.0.1")
        #expect(head.headerFields[HTTPField.Name("x-odd-name")!] == "a  b")
        #expect(head.headerFields.map(\.name.canonicalName) == ["authorization", "x-forwarded-for", "x-odd-name"])
        #expect(
            parse("GET /api/poll HTTP/1.1\r\nHost: x\r\n\r\n")
                == .request(HTTPRequest(method: .get, scheme: "http", authority: "x", path: "/api/poll"), headLength: 35, contentLength: 0)
        )
        #expect(parse("GET /api/poll HTTP/1.1\r\n\r\n") == .other, "no Host: NIO's parser and the check after it refuse it")
    }

    @Test("send and join: the body's length from Content-Length, none without one")
    func sendAndJoin() {
        guard case .request(let send, _, let length) = parse("POST /api/send HTTP/1.1\r\nHost: x\r\nContent-Length: 0013\r\n\r\n") else {
            Issue.record("send not read")
            return
        }
        #expect(send.method == .post && send.path == "/api/send" && length == 13)
        #expect(send.headerFields[.contentLength] == "0013")
        guard case .request(let join, _, let none) = parse("POST /api/join HTTP/1.1\r\nHost: x\r\n\r\n") else {
            Issue.record("join not read")
            return
        }
        #expect(join.path == "/api/join" && none == 0)
        #expect(parse("GET /api/poll HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n") != .other)
    }

    @Test("a head not complete yet waits for more bytes, from its first byte on")
    func incomplete() {
        let whole = "POST /api/send HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n"
        for end in 1..<whole.utf8.count {
            #expect(parse(Array(whole.utf8.prefix(end))) == .incomplete, "\(end) bytes")
        }
        #expect(parse(whole) != .incomplete)
    }

    @Test("other requests and other paths are NIO's, at once")
    func otherRequests() {
        for text in [
            "GET / HTTP/1.1\r\n\r\n", "GET /api/users HTTP/1.1\r\n\r\n", "GET /api/polls HTTP/1.1\r\n\r\n", "GET /api/poll/x HTTP/1.1\r\n\r\n",
            "POST /api/poll HTTP/1.1\r\n\r\n", "GET /api/send HTTP/1.1\r\n\r\n", "HEAD /api/poll HTTP/1.1\r\n\r\n", "get /api/poll HTTP/1.1\r\n\r\n",
            "POST /api/joins HTTP/1.1\r\n\r\n", "\u{01}NOT HTTP", "GEt", "PUT /api/send HTTP/1.1\r\n\r\n",
        ] {
            #expect(parse(text) == .other, "\(text.debugDescription)")
        }
    }

    @Test("anything past the strict subset is NIO's: versions, framing, folding, stray bytes, limits")
    func outsideTheSubset() {
        let start = "POST /api/send HTTP/1.1\r\n"
        for text in [
            "GET /api/poll HTTP/1.0\r\n\r\n", "GET /api/poll HTTP/2.0\r\n\r\n", "GET /api/poll  HTTP/1.1\r\n\r\n",
            "GET /api/poll?a b HTTP/1.1\r\n\r\n",
            "GET /api/poll?a#b HTTP/1.1\r\n\r\n", "GET /api/poll?a\"b HTTP/1.1\r\n\r\n", "GET /api/poll HTTP/1.1 \r\n\r\n",
            "GET /api/poll\tHTTP/1.1\r\n\r\n",
            start + "Transfer-Encoding: chunked\r\n\r\n", start + "transfer-encoding: identity\r\n\r\n",
            start + "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n",
            start + "Content-Length: 5\r\nContent-Length: 5\r\n\r\n", start + "Content-Length: +5\r\n\r\n", start + "Content-Length: 5 5\r\n\r\n",
            start + "Content-Length: 5,5\r\n\r\n", start + "Content-Length:\r\n\r\n", start + "Content-Length: 1234567890\r\n\r\n",
            "GET /api/poll HTTP/1.1\r\nContent-Length: 1\r\n\r\nx", start + "Host: a\r\nHost: b\r\n\r\n", start + "Upgrade: websocket\r\n\r\n",
            start + "TE: trailers\r\n\r\n", start + "Host: a\r\n folded\r\n\r\n", start + "Host : a\r\n\r\n", start + ": a\r\n\r\n",
            start + "Ho\"st: a\r\n\r\n", start + "Host: a\nX: b\r\n\r\n", start + "Host: a\rX: b\r\n\r\n", start + "X: a\u{7F}b\r\n\r\n",
            start + "X: a\u{00}b\r\n\r\n",
            "GET /api/poll HTTP/1.1\n\r\n\r\n", start + String(repeating: "X-A: b\r\n", count: FastRequestHead.maxFieldCount + 1) + "\r\n",
        ] {
            #expect(parse(text) == .other, "\(text.debugDescription)")
        }
        #expect(parse(Array((start + "X: caf").utf8) + [0xC3, 0xA9] + Array("\r\n\r\n".utf8)) == .other, "a byte past ASCII")
        let long = start + "X: " + String(repeating: "a", count: FastRequestHead.maxHeadLength)
        #expect(parse(long) == .other, "a head longer than the limit, whole or not")
        #expect(parse(long + "\r\n\r\n") == .other)
    }

    @Test("requests as Chromium sends them (captured from Chromium 156) are read here")
    func chromium() {
        let requests: [[String]] = [
            [
                "POST /api/join HTTP/1.1",
                "Host: 127.0.0.1:18931",
                "Connection: keep-alive",
                "Content-Length: 16",
                #"sec-ch-ua-platform: "Linux""#,
                "User-Agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.0.0 Safari/537.36",
                #"sec-ch-ua: "Not:A-Brand";v="8", "Chromium";v="156""#,
                "Content-Type: application/json",
                "sec-ch-ua-mobile: ?0",
                "Accept: */*",
                "Origin: http://127.0.0.1:18931",
                "Sec-Fetch-Site: same-origin",
                "Sec-Fetch-Mode: cors",
                "Sec-Fetch-Dest: empty",
                "Referer: http://127.0.0.1:18931/",
                "Accept-Encoding: gzip, deflate, br, zstd",
                "Accept-Language: en-US,en;q=0.9",
            ],
            [
                "GET /api/poll?since=3 HTTP/1.1",
                "Host: 127.0.0.1:18931",
                "Connection: keep-alive",
                #"sec-ch-ua-platform: "Linux""#,
                "Authorization: Bearer aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
                "User-Agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.0.0 Safari/537.36",
                #"sec-ch-ua: "Not:A-Brand";v="8", "Chromium";v="156""#,
                "sec-ch-ua-mobile: ?0",
                "Accept: */*",
                "Sec-Fetch-Site: same-origin",
                "Sec-Fetch-Mode: cors",
                "Sec-Fetch-Dest: empty",
                "Referer: http://127.0.0.1:18931/",
                "Accept-Encoding: gzip, deflate, br, zstd",
                "Accept-Language: en-US,en;q=0.9",
            ],
        ]
        for lines in requests {
            let head = lines.joined(separator: "\r\n") + "\r\n\r\n"
            guard case .request(let request, let length, _) = parse(head) else {
                Issue.record("not read: \(lines[0])")
                continue
            }
            #expect(length == head.utf8.count)
            #expect(request.authority == "127.0.0.1:18931")
            #expect(request.headerFields[.userAgent]?.hasPrefix("Mozilla/5.0") == true)
            #expect(request.headerFields[HTTPField.Name("sec-ch-ua")!] == #""Not:A-Brand";v="8", "Chromium";v="156""#)
        }
    }
}
