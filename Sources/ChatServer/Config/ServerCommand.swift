import AdminAPI
import ArgumentParser
import Foundation
import Logging

#if canImport(Glibc)
import Glibc
#endif

/// `chat-server`'s command line. Every option can also come from an environment variable (`CHAT_PORT`, …)
/// or the config file; a flag wins over the environment, which wins over the file, which wins over the
/// default.
public struct ServerCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "chat-server",
        abstract: "A web chat server with one room, Comet long-polling and a moderation control plane.",
        discussion: """
            Every option can also be set with the environment variable named in its help, or as a key in the \
            JSON config file given by --config (the option's name without the leading dashes). A flag wins \
            over the environment, which wins over the file.
            """
    )

    public init() {}

    @Option(help: "Address the chat listens on (env CHAT_HOST, default 0.0.0.0).")
    var host: String?

    @Option(help: "Port of the chat; 0 picks a free one (env CHAT_PORT, default 8000).")
    var port: String?

    @Option(name: .customLong("admin-host"), help: "Address the admin API listens on (env CHAT_ADMIN_HOST, default 127.0.0.1).")
    var adminHost: String?

    @Option(name: .customLong("admin-port"), help: "Port of the admin API; 0 picks a free one (env CHAT_ADMIN_PORT, default 8001).")
    var adminPort: String?

    @Option(help: "Path of the control socket (env CHAT_SOCKET, default <data-dir>/run/control.sock).")
    var socket: String?

    @Option(name: .customLong("login-ttl"), help: "Seconds an admin login lasts, at least 60 (env CHAT_LOGIN_TTL, default 43200).")
    var loginTTL: String?

    @Option(name: .customLong("bcrypt-cost"), help: "bcrypt work factor for new passwords, 4 to 31 (env CHAT_BCRYPT_COST, default 12).")
    var bcryptCost: String?

    @Option(
        name: .customLong("trusted-proxy"),
        help: "A proxy (address or CIDR) whose X-Forwarded-For is believed; repeat or separate with commas (env CHAT_TRUSTED_PROXY)."
    )
    var trustedProxies: [String] = []

    @Option(name: .customLong("data-dir"), help: "Directory for the database and control socket (env CHAT_DATA_DIR, default ./data).")
    var dataDirectory: String?

    @Option(name: .customLong("poll-timeout"), help: "Seconds a poll is held with nothing to send (env CHAT_POLL_TIMEOUT, default 30).")
    var pollTimeout: String?

    @Option(name: .customLong("idle-timeout"), help: "Seconds without a poll or send before a session leaves (env CHAT_IDLE_TIMEOUT, default 90).")
    var idleTimeout: String?

    @Option(name: .customLong("mailbox-capacity"), help: "Room events kept for sessions that fall behind (env CHAT_MAILBOX_CAPACITY, default 500).")
    var mailboxCapacity: String?

    @Option(help: "Recent messages shown to someone joining (env CHAT_HISTORY, default 50).")
    var history: String?

    @Option(name: .customLong("max-body-bytes"), help: "Largest request body accepted (env CHAT_MAX_BODY_BYTES, default 16384).")
    var maxBodyBytes: String?

    @Option(
        name: .customLong("header-timeout"),
        help: "Seconds a chat connection has to send a request head, from its first byte (env CHAT_HEADER_TIMEOUT, default 10)."
    )
    var headerTimeout: String?

    @Option(
        name: .customLong("body-timeout"),
        help: "Seconds a chat request has to send its body, from its head (env CHAT_BODY_TIMEOUT, default 10)."
    )
    var bodyTimeout: String?

    @Option(
        name: .customLong("keep-alive-timeout"),
        help: "Seconds an idle chat connection stays open (env CHAT_KEEP_ALIVE_TIMEOUT, default poll-timeout + 5)."
    )
    var keepAliveTimeout: String?

    @Option(
        name: .customLong("write-timeout"),
        help: "Seconds a client may leave an answer unread before it is cut off (env CHAT_WRITE_TIMEOUT, default 30)."
    )
    var writeTimeout: String?

    @Option(name: .customLong("listen-backlog"), help: "Queue of chat connections not yet accepted (env CHAT_LISTEN_BACKLOG, default 4096).")
    var listenBacklog: String?

    @Option(
        name: .customLong("max-connections"),
        help: "Most chat connections at once (env CHAT_MAX_CONNECTIONS, default: the open-files limit less fd-reserve)."
    )
    var maxConnections: String?

    @Option(
        name: .customLong("fd-reserve"),
        help: "File descriptors kept for the admin API, the socket and the database (env CHAT_FD_RESERVE, default 256)."
    )
    var descriptorReserve: String?

    @Option(
        name: .customLong("fast-lane"),
        help:
            "on: join, send and poll are answered in each connection's pipeline; off: by Hummingbird's HTTP/1 server and router, as every other request (env CHAT_FAST_LANE, default on)."
    )
    var fastLane: String?

    @Option(
        name: .customLong("audit-max-age"),
        help: "Audit lines older than this are deleted, e.g. 90d (env CHAT_AUDIT_MAX_AGE, default 365d)."
    )
    var auditMaxAge: String?

    @Option(
        name: .customLong("audit-max-lines"),
        help: "Beyond this many audit lines the oldest are deleted (env CHAT_AUDIT_MAX_LINES, default 1000000)."
    )
    var auditMaxLines: String?

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical (env CHAT_LOG_LEVEL, default info).")
    var logLevel: String?

    @Option(help: "JSON config file (env CHAT_CONFIG).")
    var config: String?

    public func run() async throws {
        let configuration: ServerConfiguration
        do {
            configuration = try resolve(environment: ProcessInfo.processInfo.environment)
        } catch {
            throw ValidationError(error.description)
        }
        // The data directory holds password and token hashes: nothing the server creates is for other users.
        umask(0o077)
        OpenFilesLimit.raiseToHard()
        let app: ChatServerApp
        do {
            app = try ChatServerApp(configuration: configuration)
        } catch let error as StoreError {
            throw ValidationError(error.message)
        }
        do {
            try await app.run()
        } catch let error as ConfigurationError {
            throw ValidationError(error.description)
        }
    }

    /// Merges flags, environment and file over the defaults, and validates the result.
    func resolve(environment: [String: String]) throws(ConfigurationError) -> ServerConfiguration {
        let file = try (config ?? environment["CHAT_CONFIG"]).map { path throws(ConfigurationError) in try ConfigFile(contentsOf: path) }
        func value(_ flag: String?, _ key: String) -> String? {
            flag ?? environment["CHAT_" + key.uppercased().replacingOccurrences(of: "-", with: "_")] ?? file?.values[key]
        }
        var result = ServerConfiguration()
        if let v = value(host, "host") { result.host = v }
        if let v = value(port, "port") { result.port = try Self.integer(v, "port") }
        if let v = value(dataDirectory, "data-dir") { result.dataDirectory = v }
        if let v = value(adminHost, "admin-host") { result.adminHost = v }
        if let v = value(adminPort, "admin-port") { result.adminPort = try Self.integer(v, "admin-port") }
        if let v = value(socket, "socket") { result.socketPath = v }
        if let v = value(loginTTL, "login-ttl") { result.loginLifetime = try Self.seconds(v, "login-ttl") }
        if let v = value(bcryptCost, "bcrypt-cost") { result.bcryptCost = try Self.integer(v, "bcrypt-cost") }
        if let v = value(trustedProxies.isEmpty ? nil : trustedProxies.joined(separator: ","), "trusted-proxy") {
            result.trustedProxies = v.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        if let v = value(pollTimeout, "poll-timeout") { result.pollTimeout = try Self.seconds(v, "poll-timeout") }
        if let v = value(idleTimeout, "idle-timeout") { result.idleTimeout = try Self.seconds(v, "idle-timeout") }
        if let v = value(mailboxCapacity, "mailbox-capacity") { result.mailboxCapacity = try Self.integer(v, "mailbox-capacity") }
        if let v = value(history, "history") { result.historyLimit = try Self.integer(v, "history") }
        if let v = value(maxBodyBytes, "max-body-bytes") { result.maxBodyBytes = try Self.integer(v, "max-body-bytes") }
        if let v = value(headerTimeout, "header-timeout") { result.headerTimeout = try Self.seconds(v, "header-timeout") }
        if let v = value(bodyTimeout, "body-timeout") { result.bodyTimeout = try Self.seconds(v, "body-timeout") }
        if let v = value(keepAliveTimeout, "keep-alive-timeout") { result.keepAliveTimeout = try Self.seconds(v, "keep-alive-timeout") }
        if let v = value(writeTimeout, "write-timeout") { result.writeTimeout = try Self.seconds(v, "write-timeout") }
        if let v = value(listenBacklog, "listen-backlog") { result.listenBacklog = try Self.integer(v, "listen-backlog") }
        if let v = value(maxConnections, "max-connections") { result.maxConnections = try Self.integer(v, "max-connections") }
        if let v = value(descriptorReserve, "fd-reserve") { result.descriptorReserve = try Self.integer(v, "fd-reserve") }
        if let v = value(fastLane, "fast-lane") {
            switch v.trimmingCharacters(in: .whitespaces).lowercased() {
            case "on", "true", "1": result.fastLane = true
            case "off", "false", "0": result.fastLane = false
            default: throw ConfigurationError("fast-lane must be on or off, not '\(v)'")
            }
        }
        if let v = value(auditMaxAge, "audit-max-age") {
            guard let seconds = DurationText.parse(v.trimmingCharacters(in: .whitespaces)) else {
                throw ConfigurationError("audit-max-age must be a duration such as 90d or 1w, not '\(v)'")
            }
            result.auditRetention.maxAge = TimeInterval(seconds)
        }
        if let v = value(auditMaxLines, "audit-max-lines") { result.auditRetention.maxLines = try Self.integer(v, "audit-max-lines") }
        if let v = value(logLevel, "log-level") {
            guard let level = Logger.Level(rawValue: v.lowercased()) else {
                throw ConfigurationError("log-level must be one of trace, debug, info, notice, warning, error, critical; not '\(v)'")
            }
            result.logLevel = level
        }
        try result.validate()
        return result
    }

    private static func integer(_ text: String, _ name: String) throws(ConfigurationError) -> Int {
        guard let value = Int(text.trimmingCharacters(in: .whitespaces)) else {
            throw ConfigurationError("\(name) must be a whole number, not '\(text)'")
        }
        return value
    }

    private static func seconds(_ text: String, _ name: String) throws(ConfigurationError) -> TimeInterval {
        guard let value = TimeInterval(text.trimmingCharacters(in: .whitespaces)), value.isFinite, value > 0 else {
            throw ConfigurationError("\(name) must be a positive number of seconds, not '\(text)'")
        }
        return value
    }
}
