import AdminAPI
import Foundation

/// What moderation input may be, in one place: bounds, the breadth guard, reasons, durations and counts. A
/// request is checked against these before anything is stored, and what the store holds is checked again at
/// load (an older build may have stored what this one refuses).
extension ModerationService {
    /// What a join rate, a host cap and a connection cap may be, as a request sets them and as they are
    /// checked again at load; and the IPv6 host prefix.
    static let countBounds = 1...100_000
    static let ipv6PrefixBounds = 16...128

    /// Ranges wider than these need `force`.
    static let widestIPv4WithoutForce = 16
    static let widestIPv6WithoutForce = 48

    /// What is wrong with limits that a request could not have set, if anything.
    static func outOfBounds(_ limits: Limits) -> String? {
        if !limits.messageRate.isWithinBounds { return "message rate \(limits.messageRate)" }
        for (name, value, range) in [
            ("joins per minute", limits.joinsPerMinute, countBounds), ("host cap", limits.hostCap, countBounds),
            ("connection cap", limits.connectionCap, countBounds), ("IPv6 host prefix", limits.ipv6HostPrefix, ipv6PrefixBounds),
        ] where !range.contains(value) {
            return "\(name) \(value)"
        }
        return nil
    }

    /// What is wrong with an override that a request could not have made, if anything.
    static func outOfBounds(_ override: LimitOverride) -> String? {
        if let rate = override.messageRate, !rate.isWithinBounds { return "message rate \(rate)" }
        if let cap = override.hostCap, !Self.countBounds.contains(cap) { return "host cap \(cap)" }
        if let cap = override.connectionCap, !Self.countBounds.contains(cap) { return "connection cap \(cap)" }
        return nil
    }

    /// Refuses, unless forced, a range wider than /16 (IPv4) or /48 (IPv6), and an IPv6 range of any width
    /// that holds the IPv4-mapped block (`::/80`, `::fffe:0:0/95`): it covers every IPv4 address.
    static func guardWidth(_ range: CIDR, doing what: String) throws(ModerationError) {
        if !range.isIPv4, range.coversAllIPv4 {
            throw ModerationError(.needsForce, "\(range) holds every IPv4 address and \(what); add force (chatctl: --force) if you mean it")
        }
        let widest = range.isIPv4 ? widestIPv4WithoutForce : widestIPv6WithoutForce
        if range.prefixLength < widest {
            throw ModerationError(.needsForce, "\(range) is wider than /\(widest) and \(what); add force (chatctl: --force) if you mean it")
        }
    }

    /// A moderator's reason: optional, one line, at most 200 characters.
    static func reason(_ raw: String?) throws(ModerationError) -> String? {
        guard let raw else { return nil }
        let trimmed = raw.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { return nil }
        guard trimmed.count <= 200, !trimmed.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw ModerationError(.invalidReason, "a reason is one line of at most 200 characters")
        }
        return trimmed
    }

    /// Seconds of a duration as people type them (`90s`, `30m`, `2h`, `7d`, `1w`, up to ten years), or
    /// `invalid_duration` naming the field.
    static func seconds(_ text: String, for field: String) throws(ModerationError) -> Int {
        guard let seconds = DurationText.parse(text) else {
            throw ModerationError(.invalidDuration, "\(field) '\(text)' is not a duration: write 90s, 30m, 2h, 7d or 1w, up to 10 years")
        }
        return seconds
    }

    /// A count (a join rate, a cap) within ``countBounds``, or `invalid_limit` naming it.
    static func count(_ value: Int, _ what: String) throws(ModerationError) -> Int {
        guard countBounds.contains(value) else {
            throw ModerationError(.invalidLimit, "\(what) must be between \(countBounds.lowerBound) and \(countBounds.upperBound)")
        }
        return value
    }
}
