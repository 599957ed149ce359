import AdminAPI
import NIOConcurrencyHelpers

/// Values from the server that TAB completes (nicks, ban and mute ids, hosts, accounts, tokens, overrides),
/// kept fresh in the background so that completing never waits on the network.
final class LiveValues: Sendable {
    struct Snapshot: Sendable {
        var nicks: [String] = []
        var hosts: [String] = []
        var bans: [(id: String, target: String)] = []
        var mutes: [(id: String, target: String)] = []
        var accounts: [String] = []
        var tokens: [String] = []
        var overrides: [String] = []
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
        if let users: UserList = try? await client.get(AdminPaths.users) { next.nicks = users.users.map(\.nick) }
        if let hosts: HostList = try? await client.get(AdminPaths.hosts) { next.hosts = hosts.hosts.map(\.host) }
        if let bans: SanctionList = try? await client.get(AdminPaths.bans) { next.bans = bans.sanctions.map { ($0.id, $0.target) } }
        if let mutes: SanctionList = try? await client.get(AdminPaths.mutes) { next.mutes = mutes.sanctions.map { ($0.id, $0.target) } }
        if let accounts: AccountList = try? await client.get(AdminPaths.accounts) { next.accounts = accounts.accounts.map(\.username) }
        if let tokens: TokenList = try? await client.get(AdminPaths.tokens) { next.tokens = tokens.tokens.map(\.id) }
        if let overrides: OverrideList = try? await client.get(AdminPaths.overrides) { next.overrides = overrides.overrides.map(\.id) }
        snapshot.withLockedValue { $0 = next }
    }
}
