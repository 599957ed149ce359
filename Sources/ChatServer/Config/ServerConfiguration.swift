import AdminAPI
import Foundation
import Logging

/// Everything the server can be told at start, with the defaults it runs on when told nothing.
/// Read in one place (``ServerCommand``) from flags, environment variables and a config file.
public struct ServerConfiguration: Sendable, Equatable {
    /// Address the chat listener binds to.
    public var host = "0.0.0.0"
    /// Port of the chat listener; 0 picks a free one (the log says which).
    public var port = 8000
    /// Address the admin API listens on.
    public var adminHost = "127.0.0.1"
    /// Port of the admin API; 0 picks a free one.
    public var adminPort = 8001
    /// Directory for the SQLite file and the control socket.
    public var dataDirectory = "./data"
    /// Where the control store is (``DatabaseLocation``); nil means the SQLite file in the data directory.
    public var databaseURL: String?
    /// The PostgreSQL password, read from `--database-password-file`; it takes the place of one in the URL.
    public var databasePassword: String?
    /// Seconds to wait at start for PostgreSQL to answer.
    public var databaseWait: TimeInterval = 0
    /// The control socket; nil means `<data-dir>/run/control.sock`.
    public var socketPath: String?
    /// Seconds a login token lasts.
    public var loginLifetime: TimeInterval = 12 * 3600
    /// bcrypt work factor for new passwords (4 to 31; each step doubles the work).
    public var bcryptCost = 12
    /// Proxies whose `X-Forwarded-For` is believed, as address ranges.
    public var trustedProxies: [String] = []
    /// This node's name among the nodes sharing a database; nil means the host name and the chat port.
    public var nodeName: String?
    /// Seconds between a node's regular reads of the bans, mutes, overrides and limits other nodes stored (and,
    /// every tenth, the automod rules), besides the reads their wake-ups (PostgreSQL `NOTIFY`) bring at once:
    /// what a lost wake-up can cost.
    public var syncInterval: TimeInterval = 1
    /// Whether connections from trusted proxies begin with a PROXY protocol header (v1 or v2) naming the
    /// client, as HAProxy's `send-proxy` sends: the connection then counts as that client's throughout.
    public var proxyProtocol = false
    /// Seconds a poll is held when there is nothing to send.
    public var pollTimeout: TimeInterval = 30
    /// Seconds a session may neither poll nor send before it leaves.
    public var idleTimeout: TimeInterval = 90
    /// Unacknowledged events a mailbox keeps before it drops the oldest.
    public var mailboxCapacity = 500
    /// Recent messages a join receives.
    public var historyLimit = 50
    /// Largest request body the chat API reads, in bytes; larger ones get 413.
    public var maxBodyBytes = 16 * 1024
    /// Seconds a chat connection has to send a whole request head (from its first byte, or from the accept).
    public var headerTimeout: TimeInterval = 10
    /// Seconds a chat request has to send its whole body, from the end of its head.
    public var bodyTimeout: TimeInterval = 10
    /// Seconds an idle keep-alive chat connection stays open; nil means the poll timeout and 5 more.
    public var keepAliveTimeout: TimeInterval?
    /// Seconds a client may leave an answer unread (its unsent bytes over their bound) before it is cut off.
    public var writeTimeout: TimeInterval = 30
    /// Length of the chat listener's queue of connections not yet accepted (the kernel caps it at
    /// `net.core.somaxconn`).
    public var listenBacklog = 4096
    /// Most connections the chat listener keeps at once; nil means what the open-files limit allows after
    /// ``descriptorReserve``.
    public var maxConnections: Int?
    /// File descriptors kept for the admin listener, the control socket and the database, however many
    /// chat connections there are.
    public var descriptorReserve = 256
    /// Whether join, send and poll are answered by the fast lane in each connection's pipeline (on) or, like
    /// every other request, by Hummingbird's HTTP/1 server and the router (off).
    public var fastLane = true
    /// PEM files of the certificate (chain) and key both TCP listeners present; neither means plain HTTP.
    public var tlsCertificatePath: String?
    public var tlsKeyPath: String?
    /// How long and how much of the audit log is kept; the maintenance service prunes it hourly.
    var auditRetention = AuditRetention.defaults
    public var logLevel: Logger.Level = .info

    public init() {}

    /// Where the control socket is.
    public var resolvedSocketPath: String {
        socketPath ?? ControlSocket.defaultPath(dataDirectory: dataDirectory)
    }

    /// This node's name: ``nodeName``, or `HOST:PORT` (the machine's host name and the chat port; with port
    /// 0, which picks a free one, `HOST-PID`, so that two such nodes on one machine are told apart).
    public var resolvedNodeName: String {
        let host = ProcessInfo.processInfo.hostName
        return nodeName ?? (port == 0 ? "\(host)-\(ProcessInfo.processInfo.processIdentifier)" : "\(host):\(port)")
    }

    /// The trusted proxies as ranges (``validate()`` refuses any that is not one).
    public var trustedProxyRanges: [CIDR] {
        trustedProxies.compactMap { CIDR($0) }
    }

    /// The keep-alive timeout in force.
    public var resolvedKeepAliveTimeout: TimeInterval {
        keepAliveTimeout ?? pollTimeout + 5
    }

    /// The chat listener's connection budget with an open-files limit of `openFiles`.
    public func connectionBudget(openFiles: Int) -> Int {
        let allowed = max(16, openFiles > descriptorReserve * 2 ? openFiles - descriptorReserve : openFiles / 2)
        return min(maxConnections ?? allowed, allowed)
    }

    /// The SQLite file, when the store is one (the default).
    public var databasePath: String {
        if case .sqlite(let path) = database { return path }
        return defaultDatabasePath
    }

    /// The store ``databaseURL`` names (``validate()`` refuses one that names none).
    public var database: DatabaseLocation {
        (try? DatabaseLocation.parse(databaseURL, password: databasePassword, defaultSQLitePath: defaultDatabasePath))
            ?? .sqlite(path: defaultDatabasePath)
    }

    private var defaultDatabasePath: String {
        URL(fileURLWithPath: dataDirectory).appendingPathComponent("chat.sqlite").path
    }

    /// Refuses values the server cannot run with, in words.
    public func validate() throws(ConfigurationError) {
        _ = try DatabaseLocation.parse(databaseURL, password: databasePassword, defaultSQLitePath: defaultDatabasePath)
        guard databaseWait >= 0, databaseWait <= 3600 else { throw ConfigurationError("database-wait must be between 0 and 1h") }
        guard (0...65535).contains(port) else { throw ConfigurationError("port must be between 0 and 65535, not \(port)") }
        guard (0...65535).contains(adminPort) else { throw ConfigurationError("admin-port must be between 0 and 65535, not \(adminPort)") }
        guard (4...31).contains(bcryptCost) else { throw ConfigurationError("bcrypt-cost must be between 4 and 31, not \(bcryptCost)") }
        for proxy in trustedProxies where CIDR(proxy) == nil {
            throw ConfigurationError("trusted-proxy takes an address or a CIDR range such as 10.0.0.0/8, not '\(proxy)'")
        }
        if let nodeName {
            guard (1...64).contains(nodeName.count), nodeName.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_.:".contains($0)) })
            else {
                throw ConfigurationError("node-name must be 1 to 64 letters, digits and - _ . : (such as chat-1), not '\(nodeName)'")
            }
        }
        guard (0.1...60).contains(syncInterval) else {
            throw ConfigurationError("sync-interval must be between 0.1 and 60 seconds, not \(syncInterval)")
        }
        if proxyProtocol, trustedProxies.isEmpty {
            throw ConfigurationError("proxy-protocol needs --trusted-proxy: only the proxies named there may send a PROXY header")
        }
        guard loginLifetime >= 60 else { throw ConfigurationError("login-ttl must be at least 60 seconds") }
        guard pollTimeout >= 1, pollTimeout <= 3600 else {
            throw ConfigurationError("poll-timeout must be between 1 and 3600 seconds, not \(pollTimeout)")
        }
        guard idleTimeout > pollTimeout else {
            throw ConfigurationError(
                "idle-timeout (\(idleTimeout) s) must be longer than poll-timeout (\(pollTimeout) s), or people polling would time out"
            )
        }
        guard mailboxCapacity >= 1 else { throw ConfigurationError("mailbox-capacity must be at least 1") }
        guard historyLimit >= 0 else { throw ConfigurationError("history must be 0 or more") }
        guard !host.isEmpty, !adminHost.isEmpty else { throw ConfigurationError("host and admin-host cannot be empty") }
        for (name, value) in [("header-timeout", headerTimeout), ("body-timeout", bodyTimeout), ("write-timeout", writeTimeout)] {
            guard value >= 0.1, value <= 3600 else { throw ConfigurationError("\(name) must be between 0.1 and 3600 seconds, not \(value)") }
        }
        guard resolvedKeepAliveTimeout > pollTimeout, resolvedKeepAliveTimeout <= 86400 else {
            throw ConfigurationError(
                "keep-alive-timeout (\(resolvedKeepAliveTimeout) s) must be longer than poll-timeout (\(pollTimeout) s): "
                    + "a poll is answered, then the next one comes"
            )
        }
        guard (1...65535).contains(listenBacklog) else {
            throw ConfigurationError("listen-backlog must be between 1 and 65535, not \(listenBacklog)")
        }
        if let maxConnections, maxConnections < 1 { throw ConfigurationError("max-connections must be at least 1, not \(maxConnections)") }
        guard (256...100_000).contains(descriptorReserve) else {
            throw ConfigurationError("fd-reserve must be between 256 and 100000, not \(descriptorReserve)")
        }
        switch (tlsCertificatePath, tlsKeyPath) {
        case (nil, nil), (.some, .some): break
        case (.some, nil): throw ConfigurationError("tls-cert needs tls-key: the private key of the certificate, as a PEM file")
        case (nil, .some): throw ConfigurationError("tls-key needs tls-cert: the certificate (chain) as a PEM file")
        }
        guard auditRetention.maxAge >= 86400 else { throw ConfigurationError("audit-max-age must be at least 1d") }
        guard auditRetention.maxLines >= 1000 else {
            throw ConfigurationError("audit-max-lines must be at least 1000, not \(auditRetention.maxLines)")
        }
    }
}

/// A configuration value that is missing, malformed or out of range.
public struct ConfigurationError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
