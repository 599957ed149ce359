import Foundation

/// Where the control store lives, as `--database-url` names it: the embedded SQLite file (`sqlite:PATH`;
/// no URL at all means `<data-dir>/chat.sqlite`), or a PostgreSQL server (`postgres://…`, see
/// ``PostgresAddress``).
public enum DatabaseLocation: Sendable, Equatable, CustomStringConvertible {
    case sqlite(path: String)
    case postgres(PostgresAddress)

    /// Reads a URL; nil or empty means the SQLite file at `defaultSQLitePath`. `password` (from
    /// `--database-password-file`) takes the place of one in the URL.
    static func parse(_ url: String?, password: String? = nil, defaultSQLitePath: String) throws(ConfigurationError) -> DatabaseLocation {
        guard let url = url?.trimmingCharacters(in: .whitespaces), !url.isEmpty else { return .sqlite(path: defaultSQLitePath) }
        if url.hasPrefix("sqlite:") {
            var path = String(url.dropFirst("sqlite:".count))
            if path.hasPrefix("//") { path.removeFirst(2) }  // sqlite:///var/lib/chat/chat.sqlite, as some tools write it
            guard !path.isEmpty else { throw ConfigurationError("database-url sqlite: needs a path, as in sqlite:/var/lib/chat-server/chat.sqlite") }
            return .sqlite(path: path)
        }
        if url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") {
            var address = try PostgresAddress(url: url)
            if let password { address.password = password }
            return .postgres(address)
        }
        throw ConfigurationError("database-url must start with sqlite: or postgres://, not '\(Self.redacted(url))'")
    }

    public var description: String {
        switch self {
        case .sqlite(let path): "sqlite:\(path)"
        case .postgres(let address): address.description
        }
    }

    /// A URL as it may be shown: any password replaced by `***`.
    static func redacted(_ url: String) -> String {
        guard let scheme = url.range(of: "://"), let at = url[scheme.upperBound...].firstIndex(of: "@") else { return url }
        let userInfo = url[scheme.upperBound..<at]
        guard let colon = userInfo.firstIndex(of: ":") else { return url }
        return String(url[..<colon]) + ":***" + String(url[at...])
    }
}
