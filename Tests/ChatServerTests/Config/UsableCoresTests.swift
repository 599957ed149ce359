import Testing

@testable import ChatServer

@Suite("Usable cores")
struct UsableCoresTests {
    @Test("CPU lists as /proc/self/status gives them are counted; anything else is unreadable")
    func lists() {
        #expect(UsableCores.count(inList: " 0") == 1)
        #expect(UsableCores.count(inList: "0-1") == 2)
        #expect(UsableCores.count(inList: "\t0-3,8,10-11") == 7)
        #expect(UsableCores.count(inList: "") == nil)
        #expect(UsableCores.count(inList: "3-1") == nil)
        #expect(UsableCores.count(inList: "a") == nil)
        #expect(UsableCores.count >= 1)
    }
}
