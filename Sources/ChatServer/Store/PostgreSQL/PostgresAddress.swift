import Foundation

/// A PostgreSQL server and database, as a `postgres://` URL names them (libpq's form):
///
/// - `postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?sslmode=MODE&sslrootcert=FILE]` over TCP;
/// - `postgres://USER@/DATABASE?host=/run/postgresql` over the Unix socket in that directory
///   (`.s.PGSQL.PORT`, as libpq and `psql -h DIR` find it).
///
/// Other parameters: `pool_size` (connections the pool may open, 1 to 100, default 10) and
/// `connect_timeout` (seconds, default 5). An unknown parameter is refused rather than ignored.
public struct PostgresAddress: Sendable, Equatable, CustomStringConvertible {
    /// libpq's `sslmode` values; `prefer` is its default too.
    public enum SSLMode: String, Sendable, CaseIterable {
        /// Plain TCP.
        case disable
        /// TLS if the server offers it, without checking its certificate.
        case prefer
        /// TLS or nothing, without checking the certificate.
        case require
        /// TLS with a certificate signed by a trusted authority (`sslrootcert` or the system's).
        case verifyCA = "verify-ca"
        /// As verify-ca, and the certificate names the host.
        case verifyFull = "verify-full"
    }

    /// The TCP host, or nil over a Unix socket.
    public var host: String?
    /// The directory of the Unix socket, or nil over TCP.
    public var socketDirectory: String?
    public var port = 5432
    public var username: String
    public var password: String?
    public var database: String
    public var sslMode = SSLMode.prefer
    /// A PEM file of the authorities to trust, for verify-ca and verify-full.
    public var rootCertificate: String?
    public var poolSize = 10
    public var connectTimeout: TimeInterval = 5

    /// The socket's path, for a Unix-socket address.
    public var socketPath: String? {
        socketDirectory.map { URL(fileURLWithPath: $0).appendingPathComponent(".s.PGSQL.\(port)").path }
    }

    public init(host: String?, socketDirectory: String? = nil, port: Int = 5432, username: String, password: String? = nil, database: String) {
        self.host = host
        self.socketDirectory = socketDirectory
        self.port = port
        self.username = username
        self.password = password
        self.database = database
    }

    init(url: String) throws(ConfigurationError) {
        let shown = DatabaseLocation.redacted(url)
        guard let components = URLComponents(string: url), components.scheme == "postgres" || components.scheme == "postgresql" else {
            throw ConfigurationError("database-url is not a URL that can be read: '\(shown)'")
        }
        guard let user = components.user.flatMap({ $0.removingPercentEncoding ?? $0 }), !user.isEmpty else {
            throw ConfigurationError("database-url names no user: write postgres://USER@HOST/DATABASE, not '\(shown)'")
        }
        var host = components.host.flatMap { $0.removingPercentEncoding ?? $0 }.flatMap { $0.isEmpty ? nil : $0 }
        var port = components.port ?? 5432
        var sslMode = SSLMode.prefer
        var rootCertificate: String?
        var poolSize = 10
        var connectTimeout: TimeInterval = 5
        for item in components.queryItems ?? [] {
            let value = item.value ?? ""
            switch item.name {
            case "host": host = value.isEmpty ? nil : value
            case "port":
                guard let number = Int(value), (1...65535).contains(number) else {
                    throw ConfigurationError("database-url's port must be between 1 and 65535, not '\(value)'")
                }
                port = number
            case "sslmode":
                guard let mode = SSLMode(rawValue: value) else {
                    let modes = SSLMode.allCases.map(\.rawValue).joined(separator: ", ")
                    throw ConfigurationError("database-url's sslmode must be one of \(modes), not '\(value)'")
                }
                sslMode = mode
            case "sslrootcert": rootCertificate = value
            case "pool_size":
                guard let number = Int(value), (1...100).contains(number) else {
                    throw ConfigurationError("database-url's pool_size must be between 1 and 100, not '\(value)'")
                }
                poolSize = number
            case "connect_timeout":
                guard let seconds = TimeInterval(value), seconds >= 1, seconds <= 300 else {
                    throw ConfigurationError("database-url's connect_timeout must be between 1 and 300 seconds, not '\(value)'")
                }
                connectTimeout = seconds
            default:
                throw ConfigurationError(
                    "database-url has a parameter chat-server does not know: '\(item.name)' (it knows host, port, sslmode, sslrootcert, pool_size, connect_timeout)"
                )
            }
        }
        guard let host else {
            throw ConfigurationError("database-url names no host: write postgres://USER@HOST/DATABASE, or ?host=/run/postgresql for a Unix socket")
        }
        let name = String(components.path.drop { $0 == "/" })
        self.init(
            host: host.hasPrefix("/") ? nil : host,
            socketDirectory: host.hasPrefix("/") ? host : nil,
            port: port,
            username: user,
            password: components.password.flatMap { $0.removingPercentEncoding ?? $0 },
            database: name.isEmpty ? user : (name.removingPercentEncoding ?? name)
        )
        self.sslMode = sslMode
        self.rootCertificate = rootCertificate
        self.poolSize = poolSize
        self.connectTimeout = connectTimeout
        if rootCertificate != nil, sslMode != .verifyCA, sslMode != .verifyFull {
            throw ConfigurationError("database-url's sslrootcert is used only with sslmode=verify-ca or verify-full")
        }
    }

    /// The address as it may be shown in logs and messages: never the password.
    public var description: String {
        let user = username + (password == nil ? "" : ":***")
        if let socketDirectory { return "postgres://\(user)@/\(database)?host=\(socketDirectory)&port=\(port)" }
        return "postgres://\(user)@\(host ?? ""):\(port)/\(database)?sslmode=\(sslMode.rawValue)"
    }
}
