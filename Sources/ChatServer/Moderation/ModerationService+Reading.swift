import AdminAPI
import Foundation

/// What moderators read: the hosts against their caps, and why a nick or an address is refused or limited.
extension ModerationService {
    /// Each host with sessions or open connections: its sessions against its cap, its connections against theirs.
    func hosts() -> [HostInfo] {
        let members = Dictionary(uniqueKeysWithValues: room.members().map { ($0.id, $0) })
        var sessionsByHost = Dictionary(uniqueKeysWithValues: moderation.hosts().map { ($0.host, $0.sessions) })
        let connectionsByHost = connections?.hosts() ?? [:]
        for host in connectionsByHost.keys where sessionsByHost[host] == nil { sessionsByHost[host] = [] }
        return sessionsByHost.sorted { $0.key.network < $1.key.network }.map { host, sessions in
            let people = sessions.compactMap { members[$0] }.sorted { $0.joinedAt < $1.joinedAt }
            return hostInfo(host, sessions: sessions.count, connections: connectionsByHost[host] ?? 0, nicks: people.map(\.nick.display))
        }
    }

    private func hostInfo(_ host: CIDR, sessions: Int, connections open: Int, nicks: [String]) -> HostInfo {
        let effective = moderation.effectiveLimits(nick: nil, address: host.network)
        let connectionCap = connections.map { $0.cap(for: host.network) } ?? moderation.connectionCap(for: host.network).cap
        return HostInfo(
            host: host.description,
            sessions: sessions,
            cap: effective.exempt ? nil : effective.hostCap,
            connections: open,
            connectionCap: connectionCap,
            nicks: nicks
        )
    }

    /// Why a nick or an address is refused or limited.
    func explain(_ subject: String) throws(ModerationError) -> Explanation {
        let target = try ModerationTarget(parsing: subject)
        var nick: Nick?
        var address: IPAddress?
        var member: Member?
        switch target {
        case .nick(let value):
            nick = value
            member = room.member(nick: value.display)
            address = member?.address
        case .range(let range):
            guard range.isSingleAddress else {
                throw ModerationError(.invalidTarget, "explain takes a nick or a single address, not a range")
            }
            address = range.network
        }
        let (bans, mutes) = moderation.sanctions(nick: nick, address: address)
        let effective = moderation.effectiveLimits(nick: nick, address: address)
        var host: HostInfo?
        if let address {
            let key = moderation.hostKey(for: address)
            let sessions = moderation.sessions(onHost: key)
            let nicks = room.members().filter { sessions.contains($0.id) }.map(\.nick.display)
            host = hostInfo(key, sessions: sessions.count, connections: connections?.count(onHost: key) ?? 0, nicks: nicks)
        }
        var nextMessageAt: Date?
        var available: Int?
        var messageVerdict = "allowed"
        if let mute = mutes.first {
            messageVerdict = "refused: muted by \(mute.actor)" + (mute.expiresAt.map { " until \(AdminJSON.formatTimestamp($0))" } ?? " permanently")
        }
        if let member {
            if effective.exempt {
                available = nil
            } else {
                let budget = moderation.messageBudget(member.id, rate: effective.rate)
                nextMessageAt = clock.now().addingTimeInterval(budget.wait)
                available = budget.available
                if mutes.isEmpty, budget.wait > 0 {
                    messageVerdict = "refused for \(String(format: "%.1f", budget.wait)) s: over the message rate \(effective.rate)"
                }
            }
        } else if nick != nil, mutes.isEmpty {
            messageVerdict = "not present"
        }
        var joinVerdict = "allowed"
        if member == nil, let host, let cap = host.connectionCap, host.connections >= cap {
            joinVerdict = "refused: host \(host.host) has \(host.connections) of \(cap) connections open"
        }
        if let ban = bans.first {
            joinVerdict = "refused: banned by \(ban.actor)" + (ban.expiresAt.map { " until \(AdminJSON.formatTimestamp($0))" } ?? " permanently")
        } else if let host, let cap = host.cap, host.sessions >= cap, member == nil {
            joinVerdict = "refused: host \(host.host) has \(host.sessions) of \(cap) sessions"
        } else if member != nil {
            joinVerdict = "present"
        }
        return Explanation(
            subject: target.description,
            user: member.map(room.userInfo),
            address: address?.description,
            host: host,
            bans: bans,
            mutes: mutes,
            overrides: effective.overrides,
            messageRate: effective.exempt ? nil : effective.rate,
            exempt: effective.exempt,
            nextMessageAt: nextMessageAt,
            messagesAvailable: available,
            joinVerdict: joinVerdict,
            messageVerdict: messageVerdict,
            rules: moderation.automod.standings(nick: nick, address: address, isModerator: member?.moderator != nil, at: clock.now())
        )
    }

}
