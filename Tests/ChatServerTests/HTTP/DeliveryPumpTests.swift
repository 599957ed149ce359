import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import Testing

@testable import ChatServer

@Suite("Delivery pump")
struct DeliveryPumpTests {
    /// A pump on an event loop of its own, and the names its work recorded, in the order it ran.
    final class Harness: Sendable {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let loop: any EventLoop
        let pump: DeliveryPump
        private let order = NIOLockedValueBox<[String]>([])

        init() {
            loop = group.next()
            pump = DeliveryPump(loop: loop)
        }

        func record(_ name: String) { order.withLockedValue { $0.append(name) } }
        var names: [String] { order.withLockedValue { $0 } }
    }

    @Test("answers run a chunk per turn of the loop, in order, with a session's ending ahead of the bulk")
    func chunksAndUrgency() async throws {
        let harness = Harness()
        let (loop, pump) = (harness.loop, harness.pump)
        // Everything is queued from one task on the loop, so what runs when is decided by the pump alone.
        try await loop.submit {
            for index in 0..<200 { pump.enqueue(urgent: false) { _ in harness.record("bulk\(index)") } }
            loop.execute { harness.record("other task") }
            pump.enqueue(urgent: true) { _ in harness.record("kick") }
        }.get()
        #expect(await eventually { harness.names.count == 200 + 1 + 1 })
        try await loop.submit {}.get()
        let names = harness.names
        #expect(names.count == 200 + 1 + 1, "nothing runs twice")
        #expect(names.first == "kick", "the ending goes first, though queued last")
        #expect(names.firstIndex(of: "other task") == DeliveryPump.chunk, "the loop's other work runs after one chunk, not after all")
        #expect(names.filter { $0.hasPrefix("bulk") } == (0..<200).map { "bulk\($0)" })
        try await harness.group.shutdownGracefully()
    }

    @Test("urgent answers run at once when the loop asks from inside its work, and only once")
    func urgentFromInsideATurn() async throws {
        let harness = Harness()
        let (loop, pump) = (harness.loop, harness.pump)
        try await loop.submit {
            pump.runUrgent()  // nothing waiting: nothing runs
            pump.enqueue(urgent: false) { _ in harness.record("bulk") }
            pump.enqueue(urgent: true) { _ in harness.record("kick") }
            // As the fast lane does before each read of a long turn of reads.
            pump.runUrgent()
            harness.record("rest of the turn")
        }.get()
        // Let the pump's own scheduled run go by.
        try await loop.submit {}.get()
        try await loop.submit {}.get()
        #expect(harness.names == ["kick", "rest of the turn", "bulk"])
        try await harness.group.shutdownGracefully()
    }

    @Test("a session's queued answer can be moved ahead, once, and then knows it was")
    func promotion() async throws {
        let harness = Harness()
        let (loop, pump) = (harness.loop, harness.pump)
        try await loop.submit {
            for index in 0..<100 {
                pump.enqueue(urgent: false, session: SessionID(UInt64(index))) { promoted in
                    harness.record("\(index)\(promoted ? " promoted" : "")")
                }
            }
            #expect(pump.promote(SessionID(70)))
            #expect(!pump.promote(SessionID(70)), "already moved")
            #expect(!pump.promote(SessionID(1000)), "nothing queued for it")
        }.get()
        #expect(await eventually { harness.names.count == 100 })
        try await loop.submit {}.get()
        let names = harness.names
        #expect(names.count == 100, "nothing runs twice")
        #expect(names.first == "70 promoted")
        #expect(Array(names.dropFirst()) == (0..<100).filter { $0 != 70 }.map { "\($0)" })
        try await harness.group.shutdownGracefully()
    }
}
