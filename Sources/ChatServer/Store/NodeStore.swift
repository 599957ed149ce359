import AdminAPI
import Foundation

/// The heartbeats of the nodes sharing one database. Only a store that several nodes can share keeps them
/// (PostgreSQL); see ``ControlStore/nodeStore``.
protocol NodeStore: Sendable {
    /// Stores a node's heartbeat, replacing its last one.
    func recordHeartbeat(_ node: NodeInfo) async throws
    /// Every node's last heartbeat, by name.
    func nodes() async throws -> [NodeInfo]
    /// Forgets a node (it stopped), and every node whose last heartbeat is older than `cutoff`.
    func removeNodes(named name: String?, heartbeatBefore cutoff: Date) async throws
    /// Calls `onChange` with each change another node (or this one) tells of, until the calling task is
    /// cancelled; with nil whenever it begins to listen, again after a lost connection: whatever was told
    /// meanwhile was missed. Never throws: a lost connection is listened on again, with back-off.
    func watchChanges(_ onChange: @escaping @Sendable (StoreChange?) -> Void) async
}
