import Foundation
import NIOConcurrencyHelpers
import ServiceLifecycle

/// For nodes sharing a database: takes up the moderation changes and automod rules other nodes stored,
/// as soon as they tell of them (``NodeRegistry/watchChanges(_:)``) and every ``syncInterval`` besides (the
/// rules every tenth time), so that a wake-up lost with a connection costs that much latency and no more;
/// writes this node's heartbeat every ``NodeRegistry/interval``; and on a graceful stop removes the
/// heartbeat (a node killed leaves its last one, which goes stale). Without a shared store it only waits
/// for the stop.
struct NodeHeartbeat: Service {
    let registry: NodeRegistry
    /// Seconds between the regular looks at the store.
    let syncInterval: TimeInterval
    /// Takes up the bans, mutes, lifts, overrides and limits other nodes changed.
    let takeUpChanges: @Sendable () async -> Void
    /// Takes up the automod rules other nodes changed.
    let takeUpRules: @Sendable () async -> Void

    /// How many regular looks there are to one at the rules (each compares every rule).
    static let looksPerRulesLook = 10

    func run() async throws {
        guard registry.isShared else {
            try? await gracefulShutdown()
            return
        }
        // Whatever rings the bell says what to read; the reader reads each kind once however often it rang
        // meanwhile.
        let pending = NIOLockedValueBox(Set<StoreChange>())
        let (bell, ring) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        let ask: @Sendable (Set<StoreChange>) -> Void = { changes in
            pending.withLockedValue { $0.formUnion(changes) }
            ring.yield()
        }
        await cancelWhenGracefulShutdown {
            await withTaskGroup(of: Void.self) { group in
                group.addTask {
                    // nil: listening (again), and so perhaps having missed a change of either kind.
                    await registry.watchChanges { change in ask(change.map { [$0] } ?? Set(StoreChange.allCases)) }
                }
                group.addTask {
                    var looks = 0
                    while (try? await Task.sleep(for: .milliseconds(Int64(syncInterval * 1000)))) != nil {
                        looks += 1
                        ask(looks % Self.looksPerRulesLook == 0 ? Set(StoreChange.allCases) : [.moderation])
                    }
                }
                group.addTask {
                    repeat { await registry.beat() } while (try? await Task.sleep(for: .milliseconds(Int64(registry.interval * 1000)))) != nil
                }
                for await _ in bell {
                    let changes = pending.withLockedValue { pending in
                        defer { pending.removeAll() }
                        return pending
                    }
                    if changes.contains(.moderation) { await takeUpChanges() }
                    if changes.contains(.rules) { await takeUpRules() }
                }
                group.cancelAll()
            }
        }
        await registry.leave()
    }
}
