/// The admin API's paths, shared by the server's router and by ``AdminClient`` so the two cannot drift.
public enum AdminPaths {
    public static let prefix = "/admin/v1"

    public static let login = prefix + "/login"
    public static let logout = prefix + "/logout"
    public static let whoami = prefix + "/whoami"
    public static let users = prefix + "/users"
    public static func user(_ nick: String) -> String { users + "/" + escape(nick) }
    public static func kick(_ nick: String) -> String { user(nick) + "/kick" }
    public static let announce = prefix + "/announce"
    public static let stats = prefix + "/stats"
    public static let nodes = prefix + "/nodes"
    public static let audit = prefix + "/audit"
    public static let events = prefix + "/events"
    public static let accounts = prefix + "/accounts"
    public static func account(_ name: String) -> String { accounts + "/" + escape(name) }
    public static let tokens = prefix + "/tokens"
    public static func token(_ id: String) -> String { tokens + "/" + escape(id) }

    public static let bans = prefix + "/bans"
    public static func ban(_ idOrTarget: String) -> String { bans + "/" + escape(idOrTarget) }
    public static let mutes = prefix + "/mutes"
    public static func mute(_ idOrTarget: String) -> String { mutes + "/" + escape(idOrTarget) }
    public static let limits = prefix + "/limits"
    public static let overrides = prefix + "/overrides"
    public static func override(_ id: String) -> String { overrides + "/" + escape(id) }
    public static let hosts = prefix + "/hosts"
    public static let messages = prefix + "/messages"
    public static func message(_ seq: UInt64) -> String { messages + "/\(seq)" }
    public static let purge = messages + "/purge"
    public static let reports = prefix + "/reports"
    public static let rules = prefix + "/rules"
    public static func rule(_ id: String) -> String { rules + "/" + escape(id) }
    public static func resolve(_ id: String) -> String { reports + "/" + escape(id) + "/resolve" }
    public static let explainPrefix = prefix + "/explain"
    public static func explain(_ subject: String) -> String { explainPrefix + "/" + escape(subject) }

    /// Prometheus metrics and health, on the admin listener outside the versioned API.
    public static let metrics = "/metrics"
    public static let health = "/healthz"

    /// Percent-encodes a path segment: nicks and names are validated, but what a user types into chatctl is not.
    public static func escape(_ segment: String) -> String {
        var allowed = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~".utf8.reduce(into: Set<UInt8>()) { $0.insert($1) }
        allowed.remove(UInt8(ascii: "/"))
        var result = ""
        for byte in segment.utf8 {
            if allowed.contains(byte) {
                result.append(Character(Unicode.Scalar(byte)))
            } else {
                result += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return result
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
