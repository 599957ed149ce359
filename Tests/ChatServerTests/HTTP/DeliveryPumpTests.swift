import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import Testing

@testable import ChatServer

@Suite("Delivery pump")
struct DeliveryPumpTests {
    @Test("answers run a chunk per turn of the loop, in order, with a session's ending ahead of the bulk")
    func chunksAndUrgency() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let loop = group.next()
        let pump = DeliveryPump(loop: loop)
        let order = NIOLockedValueBox<[String]>([])
        let done = loop.makePromise(of: Void.self)
        let total = 200 + 1 + 1
        let record: @Sendable (String) -> Void = { name in
            let count = order.withLockedValue { order in
                order.append(name)
                return order.count
            }
            if count == total { done.succeed() }
        }
        // Everything is queued from one task on the loop, so what runs when is decided by the pump alone.
        try await loop.submit {
            for index in 0..<200 { pump.enqueue(urgent: false) { _ in record("bulk\(index)") } }
            loop.execute { record("other task") }
            pump.enqueue(urgent: true) { _ in record("kick") }
        }.get()
        try await done.futureResult.get()
        let names = order.withLockedValue { $0 }
        #expect(names.first == "kick", "the ending goes first, though queued last")
        #expect(names.firstIndex(of: "other task") == DeliveryPump.chunk, "the loop's other work runs after one chunk, not after all")
        #expect(names.filter { $0.hasPrefix("bulk") } == (0..<200).map { "bulk\($0)" })
        try await group.shutdownGracefully()
    }

    @Test("urgent answers run at once when the loop asks from inside its work, and only once")
    func urgentFromInsideATurn() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let loop = group.next()
        let pump = DeliveryPump(loop: loop)
        let order = NIOLockedValueBox<[String]>([])
        let record: @Sendable (String) -> Void = { name in order.withLockedValue { $0.append(name) } }
        try await loop.submit {
            pump.runUrgent()  // nothing waiting: nothing runs
            pump.enqueue(urgent: false) { _ in record("bulk") }
            pump.enqueue(urgent: true) { _ in record("kick") }
            // As the fast lane does before each read of a long turn of reads.
            pump.runUrgent()
            record("rest of the turn")
        }.get()
        // Let the pump's own scheduled run go by.
        try await loop.submit {}.get()
        try await loop.submit {}.get()
        #expect(order.withLockedValue { $0 } == ["kick", "rest of the turn", "bulk"])
        try await group.shutdownGracefully()
    }

    @Test("a session's queued answer can be moved ahead, once, and then knows it was")
    func promotion() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let loop = group.next()
        let pump = DeliveryPump(loop: loop)
        let order = NIOLockedValueBox<[String]>([])
        let record: @Sendable (String) -> Void = { name in order.withLockedValue { $0.append(name) } }
        try await loop.submit {
            for index in 0..<100 {
                pump.enqueue(urgent: false, session: SessionID(UInt64(index))) { promoted in record("\(index)\(promoted ? " promoted" : "")") }
            }
            #expect(pump.promote(SessionID(70)))
            #expect(!pump.promote(SessionID(70)), "already moved")
            #expect(!pump.promote(SessionID(1000)), "nothing queued for it")
        }.get()
        for _ in 0..<4 { try await loop.submit {}.get() }
        let names = order.withLockedValue { $0 }
        #expect(names.first == "70 promoted")
        #expect(names.count == 100)
        #expect(Array(names.dropFirst()) == (0..<100).filter { $0 != 70 }.map { "\($0)" })
        try await group.shutdownGracefully()
    }
}
