import ServiceLifecycle

/// For nodes sharing a database: every second takes up the moderation changes other nodes stored
/// (``ModerationService/takeUpStoredChanges()``), and every ``NodeRegistry/interval`` writes this node's
/// heartbeat; on a graceful stop removes the heartbeat (a node killed leaves its last one, which goes
/// stale). Without a shared store it only waits for the stop.
struct NodeHeartbeat: Service {
    let registry: NodeRegistry
    /// Takes up what other nodes changed.
    let takeUpChanges: @Sendable () async -> Void

    func run() async throws {
        guard registry.isShared else {
            try? await gracefulShutdown()
            return
        }
        await cancelWhenGracefulShutdown {
            var seconds = 0
            while !Task.isCancelled {
                if seconds % max(1, Int(registry.interval)) == 0 { await registry.beat() }
                await takeUpChanges()
                do {
                    try await Task.sleep(for: .seconds(1))
                } catch {
                    break
                }
                seconds += 1
            }
        }
        await registry.leave()
    }
}
