import Foundation
import PropertyBased
import Testing

@testable import AdminAPI

/// Generators of admin input: arbitrary text, and text built to sit near the grammar (digits, separators,
/// units, huge numbers), where a parser is most likely to trap.
enum AdminInput {
    /// Any Unicode scalar (surrogates are not scalars), control characters and all; mostly ASCII, where
    /// the grammar is.
    static let scalar = Gen<Unicode.Scalar>.frequency(
        (3, Gen.unicodeScalar(in: "\u{0}"..."\u{7F}")),
        (1, Gen.unicodeScalar(in: "\u{80}"..."\u{D7FF}")),
        (1, Gen.unicodeScalar(in: "\u{E000}"..."\u{10FFFF}"))
    )

    /// Any Unicode text.
    static let anyText = scalar.map { Character($0) }.string(of: 0...40)

    /// Text from the characters rates, durations and ranges are made of, with long runs of digits.
    static let nearMiss = Gen<Character?>.element(of: Array("0123456789999999999/:.smhdwSMHDW -+fF:x/"))
        .map { $0 ?? "0" }.string(of: 0...30)

    static let text = Gen<String>.oneOf(anyText.eraseToAny(), nearMiss.eraseToAny())
}

@Suite("Parsers of admin input are total (property-based)")
struct ParserPropertyTests {
    @Test("a rate is nil or within bounds, and prints back to itself, for any text")
    func rateIsTotal() async {
        await propertyCheck(count: 2000, input: AdminInput.text) { text in
            guard let rate = RateSpec(parsing: text) else { return }
            #expect(rate.isWithinBounds, "\(text.debugDescription)")
            #expect(RateSpec(parsing: rate.description) == rate, "\(text.debugDescription)")
        }
    }

    @Test("every rate within bounds is written and read back exactly")
    func rateRoundTrip() async {
        await propertyCheck(
            count: 1000,
            input: Gen.int(in: 1...RateSpec.maxCount),
            Gen.int(in: 1...DurationText.maxSeconds),
            Gen.int(in: 1...RateSpec.maxCount)
        ) { count, seconds, burst in
            let rate = RateSpec(count: count, seconds: Double(seconds), burst: burst)
            #expect(rate.isWithinBounds)
            #expect(RateSpec(parsing: rate.description) == rate, "\(rate)")
        }
    }

    @Test("a rate out of bounds is refused, however large its numbers")
    func rateOutOfBounds() async {
        await propertyCheck(count: 1000, input: Gen.int(in: (RateSpec.maxCount + 1)...Int.max), Gen.int(in: (DurationText.maxSeconds + 1)...Int.max))
        { count, seconds in
            #expect(RateSpec(parsing: "\(count)/1s") == nil)
            #expect(RateSpec(parsing: "1/\(seconds)") == nil)
            #expect(RateSpec(parsing: "1/\(seconds)s") == nil)
            #expect(RateSpec(parsing: "1/1s:\(count)") == nil)
        }
    }

    @Test("a duration is nil or 1 s to ten years, for any text; every such duration prints and parses back")
    func durationIsTotal() async {
        await propertyCheck(count: 2000, input: AdminInput.text) { text in
            guard let seconds = DurationText.parse(text) else { return }
            #expect((1...DurationText.maxSeconds).contains(seconds), "\(text.debugDescription)")
        }
        await propertyCheck(count: 1000, input: Gen.int(in: 1...DurationText.maxSeconds)) { seconds in
            #expect(DurationText.parse(DurationText.format(seconds)) == seconds)
        }
    }

    @Test("an address or range is nil or prints back to itself, for any text")
    func rangeIsTotal() async {
        await propertyCheck(count: 2000, input: AdminInput.text) { text in
            _ = IPAddress(text)
            guard let range = CIDR(text) else { return }
            #expect(CIDR(range.description) == range, "\(text.debugDescription)")
            #expect(range.contains(range.network))
        }
    }

    @Test("IPv4 ranges read the same written plainly and in the mapped IPv6 form")
    func mappedRanges() async {
        await propertyCheck(count: 1000, input: Gen.uint32(), Gen.int(in: 0...32)) { bits, length in
            let address = IPAddress(high: 0, low: 0xFFFF_0000_0000 | UInt64(bits))
            let plain = CIDR(address: address, prefixLength: length)
            #expect(CIDR(plain.description) == plain)
            #expect(CIDR("::ffff:\(address)/\(length + 96)") == plain)
            #expect(plain.contains(address))
            #expect(plain.coversAllIPv4 == (length == 0))
        }
    }

    @Test("IPv6 ranges print back to themselves and hold their own addresses; the guard sees the IPv4 block")
    func ipv6Ranges() async {
        await propertyCheck(count: 1000, input: Gen.uint64(), Gen.uint64(), Gen.int(in: 0...128)) { high, low, length in
            let address = IPAddress(high: high, low: low)
            guard !address.isIPv4 else { return }
            let range = CIDR(address: address, prefixLength: length)
            #expect(CIDR(range.description) == range, "\(range)")
            #expect(range.contains(address))
            let mappedBlock = CIDR(address: IPAddress(high: 0, low: 0xFFFF_0000_0000), prefixLength: 96)
            #expect(range.coversAllIPv4 == (length <= 96 && range.contains(mappedBlock.network)))
        }
    }
}
