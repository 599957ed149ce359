import AdminAPI
import Foundation
import Logging
import Testing

@testable import ChatServer

/// The nodes sharing one PostgreSQL database see each other by their heartbeats: up while they beat, stale
/// after three missed, gone once stopped or silent for a day. With SQLite, a node is alone.
@Suite("Node heartbeats")
struct NodeRegistryTests {
    let logger = Logger(label: "test.nodes")

    func registry(_ name: String, store: (any NodeStore)?, clock: ManualClock, sessions: Int = 0) -> NodeRegistry {
        NodeRegistry(name: name, version: "test", store: store, clock: clock, interval: 5, logger: logger) { (sessions, 0, sessions * 2) }
    }

    @Test("without a shared store, the list is this node alone, as it is now")
    func alone() async throws {
        let clock = ManualClock()
        let single = registry("solo", store: MemoryStore().nodeStore, clock: clock, sessions: 3)
        single.listening(at: "127.0.0.1:8000")
        #expect(!single.isShared)
        let nodes = try await single.nodes()
        #expect(nodes.map(\.name) == ["solo"])
        #expect(nodes.first?.sessions == 3 && nodes.first?.connections == 6 && nodes.first?.address == "127.0.0.1:8000")
        #expect(nodes.first?.state == .up)
    }

    @Test("on PostgreSQL: up while beating, stale after three missed beats, gone once left or a day silent", .enabled(if: PostgresServer.isRequired))
    func sharedOnPostgres() async throws {
        let server = try #require(try await PostgresServer.shared)
        let address = try await server.makeDatabase()
        let (first, second) = (try await PostgresStore.open(address, logger: logger), try await PostgresStore.open(address, logger: logger))
        defer {
            Task {
                await first.close()
                await second.close()
            }
        }
        let clock = ManualClock()
        let a = registry("chat-a", store: first.nodeStore, clock: clock, sessions: 2)
        let b = registry("chat-b", store: second.nodeStore, clock: clock, sessions: 5)
        #expect(a.isShared && b.isShared)
        await a.beat()
        await b.beat()
        var seen = try await b.nodes()
        #expect(seen.map(\.name) == ["chat-b", "chat-a"], "the node answering first")
        #expect(seen.map(\.state) == [.up, .up])
        #expect(seen.last?.sessions == 2 && seen.last?.version == "test")

        // a stops beating: after three intervals it is stale; a beat makes it up again.
        clock.advance(by: 16)
        await b.beat()
        seen = try await b.nodes()
        #expect(seen.last?.name == "chat-a" && seen.last?.state == .stale)
        await a.beat()
        #expect(try await b.nodes().last?.state == .up)

        // a stops gracefully: it is gone at once.
        await a.leave()
        #expect(try await b.nodes().map(\.name) == ["chat-b"])

        // One silent for a day is forgotten at the next node's beat.
        await a.beat()
        clock.advance(by: NodeRegistry.forgetAfter + 1)
        await b.beat()
        #expect(try await b.nodes().map(\.name) == ["chat-b"])
        #expect(try await first.nodes().map(\.name) == ["chat-b"], "as the database has it")
    }
}
