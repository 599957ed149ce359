import AdminAPI
import Foundation
import HeapModule

/// The bans (or the mutes) in force, indexed for the checks that run on every join and message: by nick
/// (a dictionary) and by address (a ``PrefixIndex``). Expiry is a heap ordered by end time, so lifting the
/// due ones costs nothing for the rest.
struct SanctionBook: Sendable {
    private struct Expiry: Comparable, Sendable {
        let at: Date
        let id: String
        static func < (lhs: Expiry, rhs: Expiry) -> Bool { lhs.at < rhs.at }
    }

    private(set) var byID: [String: Sanction] = [:]
    private var targets: [String: ModerationTarget] = [:]
    private var byNick: [String: Set<String>] = [:]
    private var byRange = PrefixIndex<String>()
    private var expiries = Heap<Expiry>()

    var count: Int { byID.count }

    /// Adds a sanction in force.
    mutating func add(_ sanction: Sanction, target: ModerationTarget) {
        byID[sanction.id] = sanction
        targets[sanction.id] = target
        switch target {
        case .nick(let nick): byNick[nick.key, default: []].insert(sanction.id)
        case .range(let range): byRange.insert(range, sanction.id)
        }
        if let end = sanction.expiresAt { expiries.insert(Expiry(at: end, id: sanction.id)) }
    }

    /// Takes a sanction out; returns it.
    @discardableResult
    mutating func remove(id: String) -> Sanction? {
        guard let sanction = byID.removeValue(forKey: id), let target = targets.removeValue(forKey: id) else { return nil }
        switch target {
        case .nick(let nick):
            byNick[nick.key]?.remove(id)
            if byNick[nick.key]?.isEmpty == true { byNick[nick.key] = nil }
        case .range(let range): byRange.remove(range, id)
        }
        return sanction
    }

    /// Those in force for a person: by nick or by address. Newest first.
    func matching(nick: Nick?, address: IPAddress?, at now: Date) -> [Sanction] {
        var ids: [String] = []
        if let nick, let byNick = byNick[nick.key] { ids.append(contentsOf: byNick) }
        if let address { ids.append(contentsOf: byRange.matches(address)) }
        return ids.compactMap { byID[$0] }.filter { $0.isActive(at: now) }.sorted { $0.createdAt > $1.createdAt }
    }

    /// One sanction in force for a person, if any: the check on every join and message, which allocates
    /// nothing when there is none.
    func first(nick: Nick, address: IPAddress?, at now: Date) -> Sanction? {
        if !byNick.isEmpty, let ids = byNick[nick.key] {
            for id in ids {
                if let sanction = byID[id], sanction.isActive(at: now) { return sanction }
            }
        }
        guard let address, byRange.count > 0 else { return nil }
        return byRange.first(containing: address) { id in
            guard let sanction = byID[id], sanction.isActive(at: now) else { return nil }
            return sanction
        }
    }

    /// Sanctions in force whose target is exactly this one.
    func withTarget(_ target: ModerationTarget) -> [Sanction] {
        targets.filter { $0.value == target }.compactMap { byID[$0.key] }
    }

    /// Takes out and returns the sanctions whose time is up.
    mutating func removeExpired(at now: Date) -> [Sanction] {
        var expired: [Sanction] = []
        while let next = expiries.min, next.at <= now {
            expiries.removeMin()
            if let sanction = byID[next.id], sanction.expiresAt == next.at, let removed = remove(id: next.id) {
                expired.append(removed)
            }
        }
        return expired
    }
}
