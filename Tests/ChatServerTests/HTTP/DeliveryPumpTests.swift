import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import Testing

#if canImport(Glibc)
import Glibc
#endif

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

    @Test("the loop reads its sockets between chunks, not only once the whole queue is answered")
    func socketsBetweenChunks() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let loop = group.next()
        let pump = DeliveryPump(loop: loop)
        let order = NIOLockedValueBox<[String]>([])
        let record: @Sendable (String) -> Void = { name in order.withLockedValue { $0.append(name) } }
        // A UDP socket on the pump's loop, standing for the connections whose requests arrive mid-burst.
        let receiver = try await DatagramBootstrap(group: loop)
            .channelInitializer { channel in channel.pipeline.addHandler(Recorder(record: record)) }
            .bind(host: "127.0.0.1", port: 0).get()
        let port = try #require(receiver.localAddress?.port)
        let total = 8 * DeliveryPump.chunk
        try await loop.submit {
            for index in 0..<total {
                pump.enqueue(urgent: false) { _ in
                    if index == 0 {
                        // The datagram is waiting in the socket from the first answer on.
                        sendDatagram(to: port)
                        record("sent")
                    }
                    usleep(100)  // an answer's worth of work, and more
                    record("answer \(index)")
                }
            }
        }.get()
        #expect(await eventually { order.withLockedValue { $0.count } == total + 2 })
        let names = order.withLockedValue { $0 }
        let read = try #require(names.firstIndex(of: "read"))
        // Read within a chunk or two, not after all the answers.
        #expect(read <= 2 * DeliveryPump.chunk + 2, "read at \(read) of \(total + 2)")
        try await receiver.close()
        try await group.shutdownGracefully()
    }

    /// One UDP datagram to 127.0.0.1:`port`, sent before this returns (a plain socket: no event loop).
    private func sendDatagram(to port: Int) {
        let descriptor = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        inet_pton(AF_INET, "127.0.0.1", &address.sin_addr)
        let bytes = Array("hello".utf8)
        _ = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { sendto(descriptor, bytes, bytes.count, 0, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
    }
}

private final class Recorder: ChannelInboundHandler, Sendable {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>
    let record: @Sendable (String) -> Void

    init(record: @escaping @Sendable (String) -> Void) {
        self.record = record
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        record("read")
    }
}
