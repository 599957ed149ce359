import AdminAPI
import Foundation
import Testing

@testable import ChatServer

@Suite("GCRA and the prefix index")
struct RateLimitTests {
    @Test("10 per 3 s: a burst of 10, then one every 0.3 s")
    func gcra() {
        let rate = RateSpec(count: 10, seconds: 3)
        var arrival = 0.0
        for index in 0..<10 {
            #expect(GCRA.take(&arrival, now: 100, rate: rate) == nil, "message \(index + 1) of the burst")
        }
        let wait = GCRA.take(&arrival, now: 100, rate: rate)
        #expect(abs((wait ?? 0) - 0.3) < 1e-9)
        #expect(GCRA.take(&arrival, now: 100.29, rate: rate) != nil)
        #expect(GCRA.take(&arrival, now: 100.3, rate: rate) == nil)
        #expect(GCRA.take(&arrival, now: 100.3, rate: rate) != nil)
        // After a quiet spell the whole burst is back.
        #expect(GCRA.peek(arrival, now: 110, rate: rate).available == 10)
        #expect(GCRA.peek(arrival, now: 110, rate: rate).wait == 0)
    }

    @Test("a burst larger than the count lets more through at once, same sustained rate")
    func burst() {
        let rate = RateSpec(count: 5, seconds: 10, burst: 8)
        var arrival = 0.0
        var allowed = 0
        while GCRA.take(&arrival, now: 0, rate: rate) == nil { allowed += 1 }
        #expect(allowed == 8)
        #expect(GCRA.take(&arrival, now: 2, rate: rate) == nil, "one more every 2 s")
    }

    @Test("a change of rate carries the used share of the bucket over")
    func rescale() {
        let strict = RateSpec(count: 3, seconds: 3600)
        let generous = RateSpec(count: 100, seconds: 3)
        var arrival = 0.0
        for _ in 0..<3 { _ = GCRA.take(&arrival, now: 0, rate: strict) }
        var moved = GCRA.rescale(arrival, now: 0, from: strict, to: generous)
        #expect(abs(moved - 3.0) < 1e-9, "fully used stays fully used")
        #expect(GCRA.take(&moved, now: 0.03, rate: generous) == nil, "one refills in 30 ms")
        #expect(GCRA.rescale(0, now: 10, from: strict, to: generous) == 10, "unused stays unused")
    }

    @Test("the prefix index finds every containing range, IPv4 and IPv6, and forgets removed ones")
    func prefixIndex() throws {
        var index = PrefixIndex<String>()
        index.insert(CIDR("203.0.113.0/24")!, "net")
        index.insert(CIDR("203.0.113.7")!, "host")
        index.insert(CIDR("2001:db8::/32")!, "v6")
        index.insert(CIDR("::/0")!, "all")
        #expect(Set(index.matches(IPAddress("203.0.113.7")!)) == ["net", "host", "all"])
        #expect(Set(index.matches(IPAddress("203.0.113.8")!)) == ["net", "all"])
        #expect(Set(index.matches(IPAddress("2001:db8:5::1")!)) == ["v6", "all"])
        index.remove(CIDR("::/0")!, "all")
        index.remove(CIDR("203.0.113.7/32")!, "host")
        #expect(index.matches(IPAddress("198.51.100.1")!).isEmpty)
        #expect(index.matches(IPAddress("203.0.113.7")!) == ["net"])
        #expect(index.count == 2)
    }

    @Test("100,000 bans are found by index, not by scanning")
    func manyRanges() {
        var index = PrefixIndex<Int>()
        for value in 0..<100_000 {
            let address = IPAddress(high: 0, low: 0xFFFF_0A00_0000 | UInt64(value))
            index.insert(CIDR(address: address, prefixLength: 32), value)
        }
        #expect(index.matches(IPAddress("10.0.195.80")!) == [50000])
        #expect(index.matches(IPAddress("11.0.0.1")!).isEmpty)
    }
}
