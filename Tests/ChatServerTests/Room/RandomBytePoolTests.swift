import Testing

@testable import ChatServer

@Suite("Random byte pool")
struct RandomBytePoolTests {
    @Test("fills across refills, never hands out the same bytes twice, and tokens are 64 hex digits")
    func fills() {
        let pool = RandomBytePool(refillSize: 48)
        var seen = Set<[UInt8]>()
        for _ in 0..<100 {
            let bytes = [UInt8](unsafeUninitializedCapacity: 32) { buffer, count in
                pool.fill(UnsafeMutableRawBufferPointer(buffer))
                count = 32
            }
            #expect(bytes.contains { $0 != 0 })
            seen.insert(bytes)
        }
        #expect(seen.count == 100)
        let tokens = (0..<1000).map { _ in SessionToken.random().value }
        #expect(Set(tokens).count == 1000)
        #expect(tokens.allSatisfy { $0.count == 64 && $0.allSatisfy(\.isHexDigit) })
    }
}
