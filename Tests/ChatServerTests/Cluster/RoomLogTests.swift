import Foundation
import Logging
import NIOConcurrencyHelpers
import Testing

@testable import ChatServer

/// The room's log on a real PostgreSQL server, written by several nodes' stores at once: one order without
/// gaps that is the commit order, each entry read once by every reader, notifications only a wake-up, and
/// a restart of PostgreSQL that loses nothing acknowledged.
@Suite("The room's log on PostgreSQL", .enabled(if: PostgresServer.isRequired))
struct RoomLogTests {
    let logger = Logger(label: "test.room-log")

    /// What a tail has handed on, in order.
    final class Collected: Sendable {
        private let entries = NIOLockedValueBox<[RoomLogEntry]>([])
        func add(_ batch: [RoomLogEntry]) { entries.withLockedValue { $0 += batch } }
        var all: [RoomLogEntry] { entries.withLockedValue { $0 } }
        var count: Int { entries.withLockedValue { $0.count } }
    }

    /// Runs a tail on `store` from the start while `body` runs, and returns what it handed on.
    func tailing(
        _ store: PostgresStore,
        interval: Duration = .milliseconds(200),
        listening: Bool = true,
        _ body: (Collected) async throws -> Void
    ) async throws -> [RoomLogEntry] {
        let collected = Collected()
        let tail = RoomLogTail(store: store, after: 0, interval: interval, logger: logger)
        let running = Task { await tail.run(listening: listening) { collected.add($0) } }
        do {
            try await body(collected)
        } catch {
            running.cancel()
            throw error
        }
        running.cancel()
        await running.value
        return collected.all
    }

    @Test("four nodes' writers append 2,000 entries at once: one order without gaps, each entry once, and a fifth node reads them all in it")
    func oneOrderFromManyWriters() async throws {
        let server = try #require(try await PostgresServer.shared)
        let address = try await server.makeDatabase()
        var stores: [PostgresStore] = []
        for _ in 0..<5 { stores.append(try await PostgresStore.open(address, logger: logger)) }
        defer { for store in stores { Task { await store.close() } } }
        let reader = stores[4]
        let perWriter = 500
        var numbered: [UInt64: String] = [:]
        let read = try await tailing(reader) { collected in
            numbered = try await withThrowingTaskGroup(of: [(UInt64, String)].self) { group in
                for (index, store) in stores.prefix(4).enumerated() {
                    let writer = RoomLogWriter(store: store, node: "chat-\(index + 1)")
                    group.addTask {
                        // Each writer's entries in a burst of concurrent appends: batched under load.
                        try await withThrowingTaskGroup(of: (UInt64, String).self) { appends in
                            for entry in 0..<perWriter {
                                let body = "{\"node\":\(index + 1),\"entry\":\(entry)}"
                                appends.addTask { (try await writer.append(body), body) }
                            }
                            return try await appends.reduce(into: []) { $0.append($1) }
                        }
                    }
                }
                return try await group.reduce(into: [:]) { numbered, pairs in
                    for (seq, body) in pairs { numbered[seq] = body }
                }
            }
            #expect(await eventually(within: .seconds(30)) { collected.count >= 4 * perWriter })
        }
        #expect(numbered.count == 4 * perWriter, "every append answered with a number of its own")
        #expect(Set(numbered.keys) == Set(1...UInt64(4 * perWriter)), "the numbers are 1 to 2,000 without a gap")
        #expect(read.map(\.seq) == Array(1...UInt64(4 * perWriter)), "read once each, in order")
        #expect(read.allSatisfy { numbered[$0.seq] == $0.body }, "each number is the entry it was given for")
        #expect(Set(read.map(\.node)) == ["chat-1", "chat-2", "chat-3", "chat-4"])
        #expect(try await reader.roomHead() == UInt64(4 * perWriter))
        // Appends that came while a transaction was on its way went together in the next one.
        let transactions = try await server.psql(address.database, "SELECT count(DISTINCT xmin::text) FROM room_entry")
        #expect((Int(transactions.trimmingCharacters(in: .whitespacesAndNewlines)) ?? .max) < 4 * perWriter, "\(transactions)")
    }

    @Test("a number is taken in commit order: a writer that waits behind an open transaction gets the next number after it")
    func numbersFollowCommits() async throws {
        let server = try #require(try await PostgresServer.shared)
        let address = try await server.makeDatabase()
        let store = try await PostgresStore.open(address, logger: logger)
        defer { Task { await store.close() } }
        #expect(try await store.appendRoomEntries(["first"], node: "chat-1") == 1...1)
        // Another node's transaction takes numbers 2 and 3 and holds them for a second before committing;
        // an append begun meanwhile waits for it and gets 4, never 2.
        let holding = Task {
            try await server.psql(
                address.database,
                """
                BEGIN;
                WITH head AS (UPDATE room_head SET seq = seq + 2 WHERE id = 1 RETURNING seq)
                INSERT INTO room_entry (seq, at, node, body) SELECT head.seq - 2 + n, 0, 'chat-2', 'held' FROM head, generate_series(1, 2) AS n;
                SELECT pg_sleep(1);
                COMMIT;
                """
            )
        }
        // Held: the row is locked (a look that skips locked rows finds none).
        let free = "SELECT count(*) FROM (SELECT 1 FROM room_head FOR UPDATE SKIP LOCKED) AS unlocked"
        #expect(await eventually { (try? await server.psql(address.database, free))?.trimmingCharacters(in: .whitespacesAndNewlines) == "0" })
        #expect(try await store.appendRoomEntries(["after"], node: "chat-1") == 4...4)
        _ = try await holding.value
        let entries = try await store.roomEntries(after: 0, limit: 10)
        #expect(entries.map(\.body) == ["first", "held", "held", "after"])

        // A transaction rolled back gives its numbers back: no gap.
        _ = try? await server.psql(
            address.database,
            "BEGIN; UPDATE room_head SET seq = seq + 5 WHERE id = 1; ROLLBACK;"
        )
        #expect(try await store.appendRoomEntries(["next"], node: "chat-1") == 5...5)
    }

    @Test("notifications only wake: without them every entry is read at the regular period, with them at once even if that period is a minute")
    func notificationsOnlyWake() async throws {
        let server = try #require(try await PostgresServer.shared)
        let address = try await server.makeDatabase()
        let (writer, reader) = (try await PostgresStore.open(address, logger: logger), try await PostgresStore.open(address, logger: logger))
        defer {
            Task {
                await writer.close()
                await reader.close()
            }
        }
        let unwoken = try await tailing(reader, interval: .milliseconds(200), listening: false) { collected in
            for index in 1...5 { _ = try await writer.appendRoomEntries(["quiet \(index)"], node: "chat-1") }
            #expect(await eventually { collected.count == 5 })
        }
        #expect(unwoken.map(\.body) == (1...5).map { "quiet \($0)" })

        let woken = try await tailing(reader, interval: .seconds(60)) { collected in
            #expect(await eventually { collected.count == 5 }, "the first read, at once")
            for index in 1...3 {
                let range = try await writer.appendRoomEntries(["loud \(index)"], node: "chat-1")
                #expect(
                    await eventually(within: .seconds(20)) { collected.all.last?.seq == range.upperBound },
                    "woken, a minute before the next look"
                )
            }
        }
        #expect(woken.map(\.seq) == Array(1...8))
    }

    @Test("PostgreSQL restarted while four writers append: every acknowledged entry is in the log once, in one order, and the reader catches up")
    func restartLosesNothingAcknowledged() async throws {
        let server = try await PostgresServer.startNew()
        defer { server.remove() }
        let address = try await server.makeDatabase()
        let (writerStore, reader) = (try await PostgresStore.open(address, logger: logger), try await PostgresStore.open(address, logger: logger))
        defer {
            Task {
                await writerStore.close()
                await reader.close()
            }
        }
        let writer = RoomLogWriter(store: writerStore, node: "chat-1")
        let acknowledged = NIOLockedValueBox<[UInt64: String]>([:])
        let refused = NIOLockedValueBox(0)
        let read = try await tailing(reader) { collected in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for lane in 0..<4 {
                    group.addTask {
                        for index in 0..<150 {
                            let body = "lane \(lane) entry \(index)"
                            do {
                                let seq = try await writer.append(body)
                                acknowledged.withLockedValue { $0[seq] = body }
                            } catch {
                                refused.withLockedValue { $0 += 1 }
                            }
                            // Spread over a second or more, so that the restart comes in the middle.
                            try await Task.sleep(for: .milliseconds(5))
                        }
                    }
                }
                group.addTask {
                    try await Task.sleep(for: .milliseconds(300))
                    try await server.restart()
                }
                try await group.waitForAll()
            }
            #expect(
                await eventually(within: .seconds(30)) {
                    guard let head = try? await reader.roomHead() else { return false }
                    return collected.all.last?.seq == head
                }
            )
        }
        let kept = acknowledged.withLockedValue { $0 }
        let bySeq = Dictionary(read.map { ($0.seq, $0.body) }) { first, _ in first }
        #expect(read.map(\.seq) == Array(1...UInt64(read.count)), "one order, no gap, nothing twice")
        #expect(kept.allSatisfy { bySeq[$0.key] == $0.value }, "every acknowledged entry is there, under its number")
        #expect(kept.count + refused.withLockedValue { $0 } == 600)
        #expect(read.count >= kept.count, "a refusal whose commit was not confirmed may still be there, once")
    }
}
