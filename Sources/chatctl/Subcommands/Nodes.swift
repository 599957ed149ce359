import AdminAPI
import ArgumentParser
import Foundation

/// `chatctl nodes`
struct Nodes: AdminCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the chat-server nodes sharing the database, with their last heartbeats.",
        discussion: """
            The node answering comes first, as it is now; the others as their last heartbeat (every 5 s) said. \
            A node that has missed three heartbeats is stale: stopped, killed or cut off from the database. \
            With SQLite the list is the one node.
            """
    )

    @OptionGroup var globals: GlobalOptions

    func execute(client: AdminClient, output: Output) async throws(AdminClientError) {
        let list: NodeList = try await client.get(AdminPaths.nodes)
        output.show(list) { list in
            var table = Table("name", "address", "version", "state", "sessions", "held polls", "connections", "heartbeat", "started")
            let now = Date()
            for node in list.nodes {
                table.add(
                    Format.printable(node.name),
                    Format.printable(node.address),
                    Format.printable(node.version),
                    node.state.rawValue,
                    String(node.sessions),
                    String(node.heldPolls),
                    String(node.connections),
                    Format.duration(max(0, now.timeIntervalSince(node.heartbeatAt))) + " ago",
                    Format.time(node.startedAt)
                )
            }
            return table
        }
    }
}
