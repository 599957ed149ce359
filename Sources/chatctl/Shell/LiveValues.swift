import AdminAPI
import NIOConcurrencyHelpers

/// Values from the server that TAB completes (nicks, ban and mute ids, hosts, accounts, tokens, overrides,
/// open reports), kept fresh in the background so that completing never waits on the network.
final class LiveValues: Sendable {
    struct Snapshot: Sendable {
        var nicks: [String] = []
        var hosts: [String] = []
        var bans: [(id: String, target: String)] = []
        var mutes: [(id: String, target: String)] = []
        var accounts: [String] = []
        var tokens: [String] = []
        var overrides: [String] = []
        var reports: [String] = []
    }

    private let snapshot = NIOLockedValueBox(Snapshot())
    private let client: AdminClient

    init(client: AdminClient) {
        self.client = client
    }

    var current: Snapshot { snapshot.withLockedValue { $0 } }

    /// Fetches everything it can; what the caller may not read (accounts for a moderator) stays empty.
    func refresh() async {
        var next = Snapshot()
        next.nicks = await Self.nicks(client)
        next.hosts = await Self.hosts(client)
        next.bans = await Self.sanctions(AdminPaths.bans, client)
        next.mutes = await Self.sanctions(AdminPaths.mutes, client)
        next.accounts = await Self.accounts(client)
        next.tokens = await Self.tokens(client)
        next.overrides = await Self.overrides(client)
        next.reports = await Self.reports(client)
        snapshot.withLockedValue { $0 = next }
    }

    // MARK: One fetch per kind, shared with the completion scripts (``LiveCompletion``)

    static func nicks(_ client: AdminClient) async -> [String] {
        ((try? await client.get(AdminPaths.users)) as UserList?)?.users.map(\.nick) ?? []
    }

    static func hosts(_ client: AdminClient) async -> [String] {
        ((try? await client.get(AdminPaths.hosts)) as HostList?)?.hosts.map(\.host) ?? []
    }

    /// Bans or mutes in force: id and target of each.
    static func sanctions(_ path: String, _ client: AdminClient) async -> [(id: String, target: String)] {
        ((try? await client.get(path)) as SanctionList?)?.sanctions.map { ($0.id, $0.target) } ?? []
    }

    static func accounts(_ client: AdminClient) async -> [String] {
        ((try? await client.get(AdminPaths.accounts)) as AccountList?)?.accounts.map(\.username) ?? []
    }

    static func tokens(_ client: AdminClient) async -> [String] {
        ((try? await client.get(AdminPaths.tokens)) as TokenList?)?.tokens.map(\.id) ?? []
    }

    static func overrides(_ client: AdminClient) async -> [String] {
        ((try? await client.get(AdminPaths.overrides)) as OverrideList?)?.overrides.map(\.id) ?? []
    }

    /// Open reports' ids.
    static func reports(_ client: AdminClient) async -> [String] {
        ((try? await client.get(AdminPaths.reports)) as ReportList?)?.reports.map(\.id) ?? []
    }
}
