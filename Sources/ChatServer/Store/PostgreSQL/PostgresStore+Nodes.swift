import AdminAPI
import Foundation
import PostgresNIO

/// The nodes' heartbeats, each the admin API's JSON of the node. (``NodeStore``.) Not part of a snapshot:
/// `store migrate` copies what is kept, not who is running.
extension PostgresStore: NodeStore {
    var nodeStore: (any NodeStore)? { self }

    func recordHeartbeat(_ node: NodeInfo) async throws {
        let logger = logger
        let body = String(decoding: try AdminJSON.encoder().encode(node), as: UTF8.self)
        let at = node.heartbeatAt.timeIntervalSince1970
        try await write { connection in
            _ = try await connection.query(
                """
                INSERT INTO cluster_node (name, heartbeat_at, body) VALUES (\(node.name), \(at), \(body))
                ON CONFLICT (name) DO UPDATE SET heartbeat_at = excluded.heartbeat_at, body = excluded.body
                """,
                logger: logger
            )
        }
    }

    func nodes() async throws -> [NodeInfo] {
        let logger = logger
        let bodies = try await read { connection in
            var bodies: [String] = []
            for try await body in try await connection.query("SELECT body FROM cluster_node ORDER BY name", logger: logger).decode(String.self) {
                bodies.append(body)
            }
            return bodies
        }
        let decoder = AdminJSON.decoder()
        return bodies.compactMap { try? decoder.decode(NodeInfo.self, from: Data($0.utf8)) }
    }

    func removeNodes(named name: String?, heartbeatBefore cutoff: Date) async throws {
        let logger = logger
        let before = cutoff.timeIntervalSince1970
        try await write { connection in
            _ = try await connection.query(
                "DELETE FROM cluster_node WHERE name = \(name ?? "") OR heartbeat_at < \(before)",
                logger: logger
            )
        }
    }
}
