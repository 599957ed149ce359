import AdminAPI
import Foundation
import PropertyBased
import Testing

@testable import ChatServer

/// The limit arithmetic, and the server's own parsers, on generated input (issue 13): nothing traps, waits
/// are finite and never negative, a burst is never exceeded.
@Suite("Limit arithmetic and targets (property-based)")
struct LimitArithmeticPropertyTests {
    /// Any Unicode scalar (surrogates are not scalars), mostly ASCII.
    static let scalar = Gen<Unicode.Scalar>.frequency(
        (3, Gen.unicodeScalar(in: "\u{0}"..."\u{7F}")),
        (1, Gen.unicodeScalar(in: "\u{80}"..."\u{D7FF}")),
        (1, Gen.unicodeScalar(in: "\u{E000}"..."\u{10FFFF}"))
    )
    static let anyText = scalar.map { Character($0) }.string(of: 0...300)

    @Test("a message budget never lets more than the burst through at once, and every wait is finite")
    func gcraBurst() async {
        await propertyCheck(
            count: 500,
            input: Gen.int(in: 1...RateSpec.maxCount),
            Gen.int(in: 1...DurationText.maxSeconds),
            Gen.int(in: 1...200),
            Gen.double(in: 0...1e9)
        ) { count, seconds, burst, now in
            let rate = RateSpec(count: count, seconds: Double(seconds), burst: burst)
            var arrival = 0.0
            var allowed = 0
            for _ in 0..<(burst + 5) {
                if let wait = GCRA.take(&arrival, now: now, rate: rate) {
                    #expect(wait.isFinite && wait > 0)
                } else {
                    allowed += 1
                }
            }
            #expect(allowed <= burst, "\(rate)")
            let peek = GCRA.peek(arrival, now: now, rate: rate)
            #expect(peek.wait.isFinite && peek.wait >= 0 && (0...burst).contains(peek.available))
            let other = RateSpec(count: max(1, count / 2), seconds: Double(seconds), burst: max(1, burst / 3))
            #expect(GCRA.rescale(arrival, now: now, from: rate, to: other).isFinite)
        }
    }

    @Test("a moderation target parses or is refused with an error, for any text")
    func targetIsTotal() async {
        await propertyCheck(count: 2000, input: Self.anyText) { text in
            guard let target = try? ModerationTarget(parsing: text) else { return }
            #expect((try? ModerationTarget(parsing: target.description)) == target, "\(text.debugDescription)")
        }
    }

    @Test("an audit field is at most 256 bytes whatever was sent, and kept whole when short")
    func auditCut() async {
        await propertyCheck(count: 500, input: Self.scalar.map { Character($0) }.string(of: 0...2000)) { text in
            let cut = AuditLog.cut(text)
            #expect(cut.utf8.count <= AuditLog.fieldLimit)
            if text.utf8.count <= AuditLog.fieldLimit { #expect(cut == text) }
        }
    }

    @Test("however parallel guesses interleave across sources, one account and source get at most five before a wait")
    func loginBurst() async {
        await propertyCheck(count: 300, input: Gen.int(in: 0...9).array(of: 1...200)) { sources in
            var throttle = LoginThrottle()
            let start = Date(timeIntervalSince1970: 0)
            var admitted: [Int: Int] = [:]
            for source in sources where (try? throttle.admit(address: "192.0.2.\(source)", account: "root", at: start).get()) != nil {
                admitted[source, default: 0] += 1
            }
            #expect(admitted.values.allSatisfy { $0 <= 5 })
            #expect(admitted.values.reduce(0, +) <= 5, "strangers share one bucket of five for the account")
        }
    }
}
