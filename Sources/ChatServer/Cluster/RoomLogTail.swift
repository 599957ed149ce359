import Foundation
import Logging
import NIOConcurrencyHelpers

/// Reads the room's log in its one order and hands each entry on exactly once, from any number of nodes'
/// writers. It reads after the last number it handed on, whenever the store tells of new entries
/// (``RoomLogStore/watchRoom(_:)``), every ``interval`` besides, and at once after listening again: a lost
/// notification costs at most ``interval``, never an entry. A read that fails is tried again at the next
/// of these. Entries pruned before they were read are skipped over and counted (``missed``).
final class RoomLogTail: Sendable {
    let store: any RoomLogStore
    /// The regular read's period: the most a lost notification costs.
    let interval: Duration
    /// The most entries one read takes; more are read at once after.
    let batchLimit: Int
    private let logger: Logger
    private let state: NIOLockedValueBox<(last: UInt64, missed: Int)>

    /// - Parameter last: the number of the last entry already had; reading begins after it.
    init(store: any RoomLogStore, after last: UInt64, interval: Duration = .milliseconds(200), batchLimit: Int = 1000, logger: Logger) {
        self.store = store
        self.interval = interval
        self.batchLimit = batchLimit
        self.logger = logger
        self.state = NIOLockedValueBox((last, 0))
    }

    /// The number of the last entry handed on.
    var last: UInt64 { state.withLockedValue { $0.last } }

    /// How many entries were pruned before this tail read them.
    var missed: Int { state.withLockedValue { $0.missed } }

    /// Reads and hands on entries, in order, in batches, until the calling task is cancelled. `deliver`
    /// returns before the next batch is read.
    /// - Parameter listening: false reads only at the regular period (for a store that cannot notify).
    func run(listening: Bool = true, _ deliver: @Sendable ([RoomLogEntry]) async -> Void) async {
        let (bell, ring) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        ring.yield()
        await withTaskGroup(of: Void.self) { group in
            if listening {
                group.addTask { [store] in await store.watchRoom { ring.yield() } }
            }
            group.addTask { [interval] in
                while (try? await Task.sleep(for: interval)) != nil { ring.yield() }
            }
            for await _ in bell {
                await readToTheEnd(deliver)
            }
            group.cancelAll()
        }
    }

    /// Reads batches until one comes back short; stops at the first failure, to be tried again later.
    private func readToTheEnd(_ deliver: @Sendable ([RoomLogEntry]) async -> Void) async {
        while !Task.isCancelled {
            let after = last
            let entries: [RoomLogEntry]
            do {
                entries = try await store.roomEntries(after: after, limit: batchLimit)
            } catch {
                logger.debug("the room's log could not be read; reading again shortly", metadata: ["chat.error": "\(error)"])
                return
            }
            guard let newest = entries.last else { return }
            if let first = entries.first, first.seq != after + 1 {
                let skipped = Int(first.seq - after - 1)
                logger.warning("entries of the room's log were pruned before they were read", metadata: ["chat.missed": "\(skipped)"])
                state.withLockedValue { $0.missed += skipped }
            }
            await deliver(entries)
            state.withLockedValue { $0.last = newest.seq }
            if entries.count < batchLimit { return }
        }
    }
}
