import HTTPTypes

/// Reads the head of a `GET /api/poll`, `POST /api/send` or `POST /api/join` request straight from a
/// connection's bytes, for the ``LeanHTTP1Codec``.
///
/// It reads a strict subset of HTTP/1.1 (RFC 9112): the request line `METHOD SP target SP HTTP/1.1`,
/// fields `name: value` with a token name and a value of visible ASCII, spaces and tabs, every line ended by
/// CRLF, the body framed by at most one `Content-Length`. Anything outside that subset, valid or not, is
/// ``Parsed/other``: the codec then hands the connection to NIO's parser, which reads the request exactly as
/// it would have read it anyway (and refuses what is malformed). So the subset is never wrong, only small:
/// a transfer coding, an upgrade, a folded line, a bare LF or CR, no `Host` or a second one, a second
/// `Content-Length`, a byte
/// past ASCII, HTTP/1.0, a head over ``maxHeadLength`` all go to NIO.
enum FastRequestHead {
    enum Parsed: Equatable {
        /// Could still be a request this reads: wait for more bytes.
        case incomplete
        /// Not a request this reads (or not one at all): NIO's parser is to read it.
        case other
        /// The request, how many bytes its head took, and how many bytes of body follow.
        case request(HTTPRequest, headLength: Int, contentLength: Int)
    }

    /// Longest head read here; a longer one goes to NIO, whose limits then apply.
    static let maxHeadLength = 8 * 1024
    /// Most fields read here; more go to NIO.
    static let maxFieldCount = 64
    /// Longest `Content-Length` read here, in digits (under a gigabyte; the fast lane's own body limit
    /// is far lower and answers 413).
    private static let maxContentLengthDigits = 9

    /// How the request line ends.
    private static let version = Array(" HTTP/1.1".utf8)

    /// The request lines this reads, as their bytes begin.
    private static let starts: [(method: HTTPRequest.Method, prefix: [UInt8])] = FastLanePath.allCases.map { path in
        (path.method, Array("\(path.method.rawValue) \(path.path)".utf8))
    }

    static func parse(_ bytes: UnsafeRawBufferPointer) -> Parsed {
        guard let start = starts.first(where: { bytes.starts(with: $0.prefix.prefix(bytes.count)) }) else { return .other }
        let headEnd: Int
        switch endOfHead(in: bytes) {
        case .at(let index): headEnd = index
        case .bareLineBreak: return .other
        case .notYet: return bytes.count >= maxHeadLength ? .other : .incomplete
        }
        // The request line: the method and the path's start matched above.
        guard let lineEnd = firstCRLF(in: bytes, from: 0, to: headEnd + 2) else { return .other }
        let targetStart = start.prefix.firstIndex(of: UInt8(ascii: " "))! + 1
        var index = start.prefix.count
        if index < lineEnd, bytes[index] == UInt8(ascii: "?") {
            index += 1
            while index < lineEnd, isTargetByte(bytes[index]) { index += 1 }
        }
        let targetEnd = index
        guard lineEnd - index == version.count, bytes[index..<lineEnd].elementsEqual(version) else { return .other }

        var fields = HTTPFields()
        var authority: String?
        var contentLength: Int?
        var count = 0
        var line = lineEnd + 2
        while line < headEnd + 2 {
            guard let end = firstCRLF(in: bytes, from: line, to: headEnd + 2) else { return .other }
            defer { line = end + 2 }
            guard let field = Field(bytes, line..<end) else { return .other }
            count += 1
            if count > maxFieldCount { return .other }
            let value = UnsafeRawBufferPointer(rebasing: bytes[field.value])
            if field.name == host {
                // The authority, not a field, as NIO's conversion makes it.
                guard authority == nil else { return .other }
                authority = String(decoding: value, as: UTF8.self)
                continue
            }
            if field.name == .transferEncoding || field.name == .upgrade || field.name == .te { return .other }
            if field.name == .contentLength {
                guard contentLength == nil, let length = decimal(bytes[field.value]) else { return .other }
                contentLength = length
            }
            fields.append(HTTPField(name: field.name, value: value))
        }
        let length = contentLength ?? 0
        if start.method == .get, length != 0 { return .other }
        // HTTP/1.1 without a Host: NIO's parser and the check after it refuse it (RFC 9112 §3.2).
        if authority == nil { return .other }
        let path = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[targetStart..<targetEnd]), as: UTF8.self)
        let request = HTTPRequest(method: start.method, scheme: "http", authority: authority, path: path, headerFields: fields)
        return .request(request, headLength: headEnd + 4, contentLength: length)
    }

    /// One field line, `name: value`, its value without the spaces around it.
    private struct Field {
        let name: HTTPField.Name
        let value: Range<Int>

        init?(_ bytes: UnsafeRawBufferPointer, _ line: Range<Int>) {
            var index = line.lowerBound
            while index < line.upperBound, isTokenByte(bytes[index]) { index += 1 }
            // An empty name, a space before the colon, a folded line: not read here.
            guard index > line.lowerBound, index < line.upperBound, bytes[index] == UInt8(ascii: ":") else { return nil }
            guard let name = FastRequestHead.name(UnsafeRawBufferPointer(rebasing: bytes[line.lowerBound..<index])) else { return nil }
            index += 1
            while index < line.upperBound, isBlank(bytes[index]) { index += 1 }
            var end = line.upperBound
            while end > index, isBlank(bytes[end - 1]) { end -= 1 }
            for byte in bytes[index..<end] where !(isVisible(byte) || isBlank(byte)) { return nil }
            self.name = name
            self.value = index..<end
        }
    }

    /// `HTTPField.Name.host` is unavailable (HTTPTypes keeps the host as the authority).
    private static let host = HTTPField.Name("Host")!
    /// The field names requests usually carry, so that reading them allocates nothing.
    private static let commonNames: [HTTPField.Name] = [
        host, .authorization, .contentLength, .contentType, .connection, .userAgent, .accept, .acceptEncoding,
        .acceptLanguage, .origin, .referer, .cookie, .transferEncoding, .upgrade, .te, .xForwardedFor,
    ]
    private static let commonNameBytes: [[UInt8]] = commonNames.map { Array($0.canonicalName.utf8) }

    private static func name(_ bytes: UnsafeRawBufferPointer) -> HTTPField.Name? {
        for (index, known) in commonNameBytes.enumerated() where known.count == bytes.count {
            if zip(known, bytes).allSatisfy({ $0 == lowercased($1) }) { return commonNames[index] }
        }
        return HTTPField.Name(String(decoding: bytes, as: UTF8.self))
    }

    /// A `Content-Length` value: digits only, not too many.
    private static func decimal(_ bytes: Slice<UnsafeRawBufferPointer>) -> Int? {
        guard !bytes.isEmpty, bytes.count <= maxContentLengthDigits else { return nil }
        var value = 0
        for byte in bytes {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return value
    }

    private enum HeadEnd {
        /// The index of the `\r\n\r\n` that ends the head.
        case at(Int)
        /// A CR or LF that is not part of a CRLF: never read here, and NIO's parser says so at once.
        case bareLineBreak
        case notYet
    }

    /// Where the empty line that ends the head begins, if it has come; a lone CR or LF before it is
    /// reported at once rather than after waiting for more bytes.
    private static func endOfHead(in bytes: UnsafeRawBufferPointer) -> HeadEnd {
        let limit = min(bytes.count, maxHeadLength)
        var index = 0
        while index < limit {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\n") {
                guard index > 0, bytes[index - 1] == UInt8(ascii: "\r") else { return .bareLineBreak }
                if index >= 3, bytes[index - 2] == UInt8(ascii: "\n"), bytes[index - 3] == UInt8(ascii: "\r") { return .at(index - 3) }
            } else if index > 0, bytes[index - 1] == UInt8(ascii: "\r") {
                return .bareLineBreak
            }
            index += 1
        }
        return .notYet
    }

    /// The first `\r\n` in `from..<to`; nil if there is none, or if a lone CR or LF comes first.
    private static func firstCRLF(in bytes: UnsafeRawBufferPointer, from: Int, to: Int) -> Int? {
        var index = from
        while index < to {
            switch bytes[index] {
            case UInt8(ascii: "\r"):
                return index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "\n") ? index : nil
            case UInt8(ascii: "\n"):
                return nil
            default:
                index += 1
            }
        }
        return nil
    }

    private static func lowercased(_ byte: UInt8) -> UInt8 {
        byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte
    }

    private static func isBlank(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t")
    }

    private static func isVisible(_ byte: UInt8) -> Bool {
        byte > 0x20 && byte < 0x7F
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        let letter = byte | 0x20
        return (letter >= UInt8(ascii: "a") && letter <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
    }

    /// `tchar` (RFC 9110 §5.6.2).
    private static func isTokenByte(_ byte: UInt8) -> Bool {
        isAlphanumeric(byte) || "!#$%&'*+-.^_`|~".utf8.contains(byte)
    }

    /// What a query may hold: `pchar`, `/` and `?` (RFC 3986); no `#`, no space, nothing past ASCII.
    private static func isTargetByte(_ byte: UInt8) -> Bool {
        isAlphanumeric(byte) || "-._~!$&'()*+,;=:@/?%".utf8.contains(byte)
    }
}
