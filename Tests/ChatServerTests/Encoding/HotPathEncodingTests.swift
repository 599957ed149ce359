import AdminAPI
import Foundation
import HTTPTypes
import Hummingbird
import Testing

@testable import ChatServer

/// The hand-written pieces of the hot path give exactly what the Foundation code they replaced gave.
@Suite("Hot-path encoding")
struct HotPathEncodingTests {
    @Test("timestamps: RFC 3339 in UTC with exact milliseconds, as Foundation writes them, across eras and leap days")
    func timestamps() {
        let style = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
        var generator = SystemRandomNumberGenerator()
        var milliseconds: [Int64] = [0, 999, 951_782_400_000, 951_868_799_999, 1_709_164_800_000, 4_107_542_399_999, 1_800_000_000_001]
        for _ in 0..<2000 {
            milliseconds.append(Int64.random(in: 0...4_102_444_800_000, using: &generator))
        }
        for value in milliseconds {
            let date = Date(timeIntervalSince1970: Double(value) / 1000)
            let text = JSONWriter.timestamp(date)
            // Foundation agrees to the second; its milliseconds are sometimes one short (it truncates the
            // binary fraction), so they are checked against the whole number of milliseconds instead.
            #expect(text.prefix(20) == date.formatted(style).prefix(20), "\(value)")
            #expect(text.dropFirst(20) == String(format: "%03dZ", Int(value % 1000)), "\(value)")
        }
        #expect(JSONWriter.timestamp(Date(timeIntervalSince1970: -0.0005)) == "1969-12-31T23:59:59.999Z")
        // The admin API writes the same text for the same time: one writer for both.
        for value in milliseconds.prefix(200) {
            let date = Date(timeIntervalSince1970: Double(value) / 1000)
            #expect(AdminJSON.formatTimestamp(date) == JSONWriter.timestamp(date))
            #expect(AdminJSON.parseTimestamp(AdminJSON.formatTimestamp(date)).map { Int64(($0.timeIntervalSince1970 * 1000).rounded()) } == value)
        }
    }

    @Test("bearer tokens: the scheme in any case, blanks around the token ignored, anything else refused")
    func bearer() {
        func token(_ header: String?) -> String? {
            var fields = HTTPFields()
            if let header { fields[.authorization] = header }
            let head = HTTPRequest(method: .get, scheme: "http", authority: "x", path: "/", headerFields: fields)
            return Request(head: head, body: .init(buffer: .init())).bearerToken
        }
        #expect(token("Bearer abc") == "abc")
        #expect(token("bearer  abc \t") == "abc")
        #expect(token("BEARER x.y-z") == "x.y-z")
        #expect(token(nil) == nil)
        #expect(token("Bearer") == nil)
        #expect(token("Bearer    ") == nil)
        #expect(token("Basic abc") == nil)
        #expect(token("Bearerx abc") == nil)
        #expect(token("Bearér abc") == nil)
    }
}
