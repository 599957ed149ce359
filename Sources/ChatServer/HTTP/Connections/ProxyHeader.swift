import AdminAPI

/// The PROXY protocol header a load balancer (HAProxy's `send-proxy` or `send-proxy-v2`) puts in front of
/// a connection: who the client is, before a byte of HTTP. Both versions are read: v1, one line of text
/// (`PROXY TCP4 203.0.113.9 10.0.0.1 51234 8000\r\n`, at most 107 bytes), and v2, a 16-byte binary head
/// and its addresses.
///
/// See https://www.haproxy.org/download/3.0/doc/proxy-protocol.txt.
enum ProxyHeader: Equatable {
    /// More bytes are needed to tell.
    case incomplete
    /// A whole header of `length` bytes. `client` is the address it gives, or nil when it gives none (v1
    /// `UNKNOWN`, v2 `LOCAL`, as a proxy's own health check sends): the connection is then the proxy's own.
    case header(client: IPAddress?, length: Int)
    /// Not a header the protocol allows, in words.
    case invalid(String)

    /// The largest v2 header read (its own limit is 64 KiB of TLVs, which no balancer sends).
    static let maxLength = 4096
    /// v1 lines are at most this long, `\r\n` included.
    static let maxLineLength = 107
    static let v2Signature: [UInt8] = [0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A]
    private static let v1Prefix = Array("PROXY ".utf8)

    /// Reads a header from the start of `bytes`, the first bytes a connection sent.
    static func parse(_ bytes: some Collection<UInt8>) -> ProxyHeader {
        let bytes = Array(bytes.prefix(maxLength))
        if bytes.first == v2Signature[0] { return parseV2(bytes) }
        return parseV1(bytes)
    }

    private static func parseV1(_ bytes: [UInt8]) -> ProxyHeader {
        let common = min(bytes.count, v1Prefix.count)
        guard bytes.prefix(common).elementsEqual(v1Prefix.prefix(common)) else {
            return .invalid("the connection did not start with a PROXY protocol header")
        }
        guard let end = bytes.firstIndex(of: 0x0A) else {
            return bytes.count >= maxLineLength ? .invalid("the PROXY line is longer than 107 bytes") : .incomplete
        }
        guard end < maxLineLength, end > 0, bytes[end - 1] == 0x0D else { return .invalid("the PROXY line does not end in CRLF within 107 bytes") }
        guard let line = String(validating: bytes[v1Prefix.count..<(end - 1)], as: UTF8.self) else {
            return .invalid("the PROXY line is not text")
        }
        let fields = line.split(separator: " ", omittingEmptySubsequences: false)
        switch fields.first {
        case "UNKNOWN":
            return .header(client: nil, length: end + 1)
        case "TCP4", "TCP6":
            guard fields.count == 5, let source = IPAddress(fields[1]), IPAddress(fields[2]) != nil,
                source.isIPv4 == (fields[0] == "TCP4"), fields[3...4].allSatisfy({ UInt16($0) != nil })
            else {
                return .invalid("the PROXY line does not read PROXY TCP4|TCP6 SOURCE DESTINATION SOURCE-PORT DESTINATION-PORT")
            }
            return .header(client: source, length: end + 1)
        default:
            return .invalid("the PROXY line names no protocol TCP4, TCP6 or UNKNOWN")
        }
    }

    private static func parseV2(_ bytes: [UInt8]) -> ProxyHeader {
        let common = min(bytes.count, v2Signature.count)
        guard bytes.prefix(common).elementsEqual(v2Signature.prefix(common)) else {
            return .invalid("the connection did not start with a PROXY protocol header")
        }
        guard bytes.count >= 16 else { return .incomplete }
        let versionAndCommand = bytes[12]
        guard versionAndCommand >> 4 == 2 else { return .invalid("PROXY protocol version \(versionAndCommand >> 4) is not 2") }
        let addressLength = Int(bytes[14]) << 8 | Int(bytes[15])
        let length = 16 + addressLength
        guard length <= maxLength else { return .invalid("the PROXY header is longer than \(maxLength) bytes") }
        guard bytes.count >= length else { return .incomplete }
        switch versionAndCommand & 0x0F {
        case 0x0:
            return .header(client: nil, length: length)
        case 0x1:
            break
        default:
            return .invalid("PROXY protocol command \(versionAndCommand & 0x0F) is neither LOCAL nor PROXY")
        }
        let body = bytes[16..<length]
        switch bytes[13] >> 4 {
        case 0x1:
            guard addressLength >= 12 else { return .invalid("the PROXY header's IPv4 addresses are cut short") }
            return .header(client: IPAddress(bytes: body.prefix(4)), length: length)
        case 0x2:
            guard addressLength >= 36 else { return .invalid("the PROXY header's IPv6 addresses are cut short") }
            return .header(client: IPAddress(bytes: body.prefix(16)), length: length)
        default:
            // AF_UNSPEC or AF_UNIX: no address to go by; the connection is the proxy's.
            return .header(client: nil, length: length)
        }
    }
}
