import Testing

@testable import AdminAPI

@Suite("Addresses, ranges, durations and rates")
struct NetworkTests {
    @Test("IPv4 and IPv6 addresses parse and print back", arguments: ["203.0.113.7", "0.0.0.0", "255.255.255.255", "2001:db8::1", "::1", "::"])
    func roundTrip(_ text: String) throws {
        #expect(try #require(IPAddress(text)).description == text)
    }

    @Test("an IPv4-mapped IPv6 address is its IPv4 address")
    func mapped() {
        #expect(IPAddress("::ffff:192.0.2.1") == IPAddress("192.0.2.1"))
        #expect(IPAddress("::ffff:192.0.2.1")?.isIPv4 == true)
        #expect(IPAddress("2001:db8::1")?.isIPv4 == false)
    }

    @Test(
        "junk is not an address",
        arguments: ["", "1.2.3", "1.2.3.4.5", "256.1.1.1", "1.2.3.4 ", " 1.2.3.4", "fe80::1%eth0", "alice", "1.2.3.4:80", "::g"]
    )
    func junk(_ text: String) {
        #expect(IPAddress(text) == nil)
    }

    @Test("ranges contain what they should, at every edge")
    func matching() throws {
        let v4 = try #require(CIDR("203.0.113.0/24"))
        #expect(v4.contains(IPAddress("203.0.113.0")!))
        #expect(v4.contains(IPAddress("203.0.113.255")!))
        #expect(!v4.contains(IPAddress("203.0.114.0")!))
        #expect(v4.contains(IPAddress("::ffff:203.0.113.9")!), "mapped addresses match IPv4 ranges")
        let single = try #require(CIDR("198.51.100.7"))
        #expect(single.prefixLength == 32 && single.isSingleAddress)
        #expect(single.contains(IPAddress("198.51.100.7")!) && !single.contains(IPAddress("198.51.100.8")!))
        // A mapped address's prefix length is read in IPv6 terms: inside the mapped block, an IPv4 range.
        #expect(CIDR("::ffff:1.2.3.4/120") == CIDR("1.2.3.0/24"))
        #expect(CIDR("::ffff:1.2.3.4")?.description == "1.2.3.4")
        let wide = try #require(CIDR("::ffff:1.2.3.4/24"))
        #expect(!wide.isIPv4 && wide.prefixLength == 24 && wide.description == "::/24", "not 1.2.3.0/24")
        #expect(wide.coversAllIPv4 && CIDR("::/80")!.coversAllIPv4 && CIDR("::fffe:0:0/95")!.coversAllIPv4 && CIDR("0.0.0.0/0")!.coversAllIPv4)
        #expect(!CIDR("2001:db8::/32")!.coversAllIPv4 && !CIDR("::1/128")!.coversAllIPv4 && !CIDR("10.0.0.0/8")!.coversAllIPv4)
        #expect(CIDR("::ffff:1.2.3.4/129") == nil && CIDR("1.2.3.4/33") == nil)
        let v6 = try #require(CIDR("2001:db8:abcd::/48"))
        #expect(v6.contains(IPAddress("2001:db8:abcd:ffff::1")!))
        #expect(!v6.contains(IPAddress("2001:db8:abce::1")!))
        #expect(!v6.contains(IPAddress("203.0.113.1")!), "IPv4 is outside an IPv6 /48")
        let host128 = try #require(CIDR("2001:db8::5/128"))
        #expect(host128.contains(IPAddress("2001:db8::5")!) && !host128.contains(IPAddress("2001:db8::6")!))
        let everything4 = try #require(CIDR("0.0.0.0/0"))
        #expect(everything4.contains(IPAddress("8.8.8.8")!) && !everything4.contains(IPAddress("2001:db8::1")!))
        let everything6 = try #require(CIDR("::/0"))
        #expect(everything6.contains(IPAddress("2001:db8::1")!) && everything6.contains(IPAddress("8.8.8.8")!))
    }

    @Test("a range is normalised to its network; /64 grouping keeps the first half")
    func normalise() throws {
        #expect(CIDR("203.0.113.77/24")?.description == "203.0.113.0/24")
        #expect(CIDR("2001:db8:1:2:3:4:5:6/64")?.description == "2001:db8:1:2::/64")
        #expect(IPAddress("2001:db8:1:2:aaaa::1")!.masked(to: 64) == IPAddress("2001:db8:1:2::"))
        #expect(IPAddress("2001:db8::1")!.masked(to: 0) == IPAddress("::"))
    }

    @Test("bad ranges are refused", arguments: ["1.2.3.4/33", "1.2.3.4/-1", "1.2.3.4/", "::/129", "1.2.3.4/+8", "1.2.3.4/8/8", "x/8"])
    func badRanges(_ text: String) {
        #expect(CIDR(text) == nil)
    }

    @Test(
        "durations as people write them",
        arguments: [("90s", 90), ("30m", 1800), ("2h", 7200), ("7d", 604_800), ("1w", 604_800), ("1h30m", 5400), ("2H", 7200)]
    )
    func durations(_ text: String, _ seconds: Int) {
        #expect(DurationText.parse(text) == seconds)
    }

    @Test("bad durations are refused", arguments: ["", "10", "m", "-5m", "0s", "1.5h", "5y", "99999999999d", "h5"])
    func badDurations(_ text: String) {
        #expect(DurationText.parse(text) == nil)
    }

    @Test("durations print in the shortest exact form")
    func formatting() {
        #expect(DurationText.format(5400) == "1h30m")
        #expect(DurationText.format(3) == "3s")
        #expect(DurationText.format(86400 + 1) == "1d1s")
    }

    @Test("rates parse with an optional burst")
    func rates() {
        #expect(RateSpec(parsing: "10/3s") == RateSpec(count: 10, seconds: 3))
        #expect(RateSpec(parsing: "5/10s:8") == RateSpec(count: 5, seconds: 10, burst: 8))
        #expect(RateSpec(parsing: "30/1m")?.seconds == 60)
        #expect(RateSpec(parsing: "30/60")?.seconds == 60)
        for bad in ["10", "0/3s", "10/0s", "a/3s", "10/3s:0", "10/3x"] {
            #expect(RateSpec(parsing: bad) == nil, "\(bad)")
        }
        #expect(RateSpec(count: 5, seconds: 10, burst: 8).description == "5/10s:8")
    }

    @Test(
        "rates and durations are total: any text is a value or nil, never a trap",
        arguments: [
            "", ":", "/", "::", "1/", "/1", ":1", "1/:1", "1/9223372036854775807", "10/99999999999", "9223372036854775807/1s",
            "10/3s:", "10/3s:99999999999999999999", "1000001/1s", "10/3s:1000001", "10/3651d", "1/-5", "-1/5", "1/1s:1:2",
            "10/999999999w999999999w", "10/1\u{0}s", "１/1s",
        ]
    )
    func ratesNeverTrap(text: String) {
        #expect(RateSpec(parsing: text) == nil, "\(text.debugDescription)")
    }

    @Test("durations past ten years, or with numbers too long, are refused without overflowing")
    func longDurations() {
        for text in [
            "3651d", "999999999w999999999w999999999w", String(repeating: "9", count: 40) + "s", "522w", String(repeating: "500w", count: 100),
        ] {
            #expect(DurationText.parse(text) == nil, "\(text.prefix(40))")
        }
        #expect(DurationText.parse("3650d") == DurationText.maxSeconds)
        #expect(RateSpec(parsing: "1/3650d")?.seconds == Double(DurationText.maxSeconds))
    }

    @Test("a rate no request could make (from an old database) is described without trapping and is out of bounds")
    func oddStoredRate() {
        let odd = RateSpec(count: 1, seconds: 9.223372036854775807e18)
        #expect(!odd.description.isEmpty)
        #expect(!odd.isWithinBounds)
        #expect(!RateSpec(count: 10, seconds: .infinity).isWithinBounds)
        #expect(!RateSpec(count: 10, seconds: .nan).description.isEmpty)
        #expect(RateSpec(count: 10, seconds: 3).isWithinBounds)
    }
}
