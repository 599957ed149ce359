import ServiceLifecycle

/// Writes this node's heartbeat every ``NodeRegistry/interval`` while it runs, and removes it on a graceful
/// stop (a node killed leaves its last heartbeat, which goes stale). Without a shared store it only waits
/// for the stop.
struct NodeHeartbeat: Service {
    let registry: NodeRegistry

    func run() async throws {
        guard registry.isShared else {
            try? await gracefulShutdown()
            return
        }
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                await registry.beat()
                do {
                    try await Task.sleep(for: .seconds(registry.interval))
                } catch {
                    break
                }
            }
        }
        await registry.leave()
    }
}
