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
            """,
        subcommands: [StoreCommand.self]
    )

    public init() {}

    @Option(help: "Address the chat listens on (env CHAT_HOST, default 0.0.0.0).")
    var host: String?

    @Option(help: "Port of the chat; 0 picks a free one (env CHAT_PORT, default 8000).")
    var port: String?

    @Option(help: "Address the admin API listens on (env CHAT_ADMIN_HOST, default 127.0.0.1).")
    var adminHost: String?

    @Option(help: "Port of the admin API; 0 picks a free one (env CHAT_ADMIN_PORT, default 8001).")
    var adminPort: String?

    @Option(help: "Path of the control socket (env CHAT_SOCKET, default <data-dir>/run/control.sock).")
    var socket: String?

    @Option(help: "Seconds an admin login lasts, at least 60 (env CHAT_LOGIN_TTL, default 43200).")
    var loginTTL: String?

    @Option(help: "bcrypt work factor for new passwords, 4 to 31 (env CHAT_BCRYPT_COST, default 12).")
    var bcryptCost: String?

    @Option(
        help: "A proxy (address or CIDR) whose X-Forwarded-For is believed; repeat or separate with commas (env CHAT_TRUSTED_PROXY)."
    )
    var trustedProxy: [String] = []

    @Option(help: "This node's name among the nodes sharing a database (env CHAT_NODE_NAME, default HOST:PORT, or HOST-PID with --port 0).")
    var nodeName: String?

    @Option(
        help:
            "Seconds between a node's regular reads of the moderation other nodes changed, 0.1 to 60, besides their wake-ups (env CHAT_SYNC_INTERVAL, default 1)."
    )
    var syncInterval: String?

    @Option(
        help:
            "on: connections from a --trusted-proxy begin with a PROXY protocol header (v1 or v2, HAProxy's send-proxy), whose client is the connection's (env CHAT_PROXY_PROTOCOL, default off)."
    )
    var proxyProtocol: String?

    @Option(help: "Directory for the database and control socket (env CHAT_DATA_DIR, default ./data).")
    var dataDir: String?

    @Option(
        help:
            "The control store: sqlite:PATH, or postgres://USER@HOST:PORT/DATABASE?sslmode=MODE, or postgres://USER@/DATABASE?host=SOCKET-DIR (env CHAT_DATABASE_URL, default sqlite:<data-dir>/chat.sqlite)."
    )
    var databaseURL: String?

    @Option(help: "File holding the PostgreSQL password, instead of one in the URL (env CHAT_DATABASE_PASSWORD_FILE).")
    var databasePasswordFile: String?

    @Option(
        help: "How long to wait at start for PostgreSQL to answer, e.g. 30s; 0 gives up at once (env CHAT_DATABASE_WAIT, default 0)."
    )
    var databaseWait: String?

    @Option(
        help:
            "PEM file of the certificate (chain) both TCP listeners present; with --tls-key they speak HTTPS, and SIGHUP reads both again (env CHAT_TLS_CERT)."
    )
    var tlsCert: String?

    @Option(help: "PEM file of the certificate's private key (env CHAT_TLS_KEY).")
    var tlsKey: String?

    @Option(help: "Seconds a poll is held with nothing to send (env CHAT_POLL_TIMEOUT, default 30).")
    var pollTimeout: String?

    @Option(help: "Seconds without a poll or send before a session leaves (env CHAT_IDLE_TIMEOUT, default 90).")
    var idleTimeout: String?

    @Option(help: "Room events kept for sessions that fall behind (env CHAT_MAILBOX_CAPACITY, default 500).")
    var mailboxCapacity: String?

    @Option(help: "Recent messages shown to someone joining (env CHAT_HISTORY, default 50).")
    var history: String?

    @Option(help: "Largest request body accepted (env CHAT_MAX_BODY_BYTES, default 16384).")
    var maxBodyBytes: String?

    @Option(
        help: "Seconds a chat connection has to send a request head, from its first byte (env CHAT_HEADER_TIMEOUT, default 10)."
    )
    var headerTimeout: String?

    @Option(
        help: "Seconds a chat request has to send its body, from its head (env CHAT_BODY_TIMEOUT, default 10)."
    )
    var bodyTimeout: String?

    @Option(
        help: "Seconds an idle chat connection stays open (env CHAT_KEEP_ALIVE_TIMEOUT, default poll-timeout + 5)."
    )
    var keepAliveTimeout: String?

    @Option(
        help: "Seconds a client may leave an answer unread before it is cut off (env CHAT_WRITE_TIMEOUT, default 30)."
    )
    var writeTimeout: String?

    @Option(help: "Queue of chat connections not yet accepted (env CHAT_LISTEN_BACKLOG, default 4096).")
    var listenBacklog: String?

    @Option(
        help: "Most chat connections at once (env CHAT_MAX_CONNECTIONS, default: the open-files limit less fd-reserve)."
    )
    var maxConnections: String?

    @Option(
        help: "File descriptors kept for the admin API, the socket and the database (env CHAT_FD_RESERVE, default 256)."
    )
    var fdReserve: String?

    @Option(
        help:
            "on: join, send and poll are answered in each connection's pipeline; off: by Hummingbird's HTTP/1 server and router, as every other request (env CHAT_FAST_LANE, default on)."
    )
    var fastLane: String?

    @Option(
        help: "Audit lines older than this are deleted, e.g. 90d (env CHAT_AUDIT_MAX_AGE, default 365d)."
    )
    var auditMaxAge: String?

    @Option(
        help: "Beyond this many audit lines the oldest are deleted (env CHAT_AUDIT_MAX_LINES, default 1000000)."
    )
    var auditMaxLines: String?

    @Option(help: "trace, debug, info, notice, warning, error or critical (env CHAT_LOG_LEVEL, default info).")
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
            var logger = Logger(label: "chat-server")
            logger.logLevel = configuration.logLevel
            let store = try await configuration.database.connectIfServer(wait: configuration.databaseWait, logger: logger)
            app = try ChatServerApp(configuration: configuration, store: store, logger: logger)
        } catch let error as StoreError {
            throw ValidationError(error.message)
        } catch let error as ConfigurationError {
            throw ValidationError(error.description)
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
        let flags = givenFlags
        var result = ServerConfiguration()
        for (key, apply) in Self.settings {
            if let text = flags[key] ?? environment[Self.environmentName(of: key)] ?? file?.values[key] { try apply(text, &result) }
        }
        try result.validate()
        return result
    }

    /// How each setting's text goes into the configuration, by its key: the one table of settings. The key is
    /// the option's property name above in kebab case (`pollTimeout`: `--poll-timeout`), its config file key,
    /// and, upper-cased behind `CHAT_`, its environment variable; a test holds the options and this table
    /// to each other.
    static let settings: [(key: String, apply: @Sendable (String, inout ServerConfiguration) throws(ConfigurationError) -> Void)] = [
        ("host", { text, c in c.host = text }),
        ("port", { text, c throws(ConfigurationError) in c.port = try integer(text, "port") }),
        ("admin-host", { text, c in c.adminHost = text }),
        ("admin-port", { text, c throws(ConfigurationError) in c.adminPort = try integer(text, "admin-port") }),
        ("socket", { text, c in c.socketPath = text }),
        ("login-ttl", { text, c throws(ConfigurationError) in c.loginLifetime = try seconds(text, "login-ttl") }),
        ("bcrypt-cost", { text, c throws(ConfigurationError) in c.bcryptCost = try integer(text, "bcrypt-cost") }),
        (
            "trusted-proxy",
            { text, c in
                c.trustedProxies = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            }
        ),
        ("node-name", { text, c in c.nodeName = text }),
        ("sync-interval", { text, c throws(ConfigurationError) in c.syncInterval = try seconds(text, "sync-interval") }),
        ("proxy-protocol", { text, c throws(ConfigurationError) in c.proxyProtocol = try switchValue(text, "proxy-protocol") }),
        ("data-dir", { text, c in c.dataDirectory = text }),
        ("database-url", { text, c in c.databaseURL = text }),
        (
            "database-password-file",
            { text, c throws(ConfigurationError) in c.databasePassword = try readSecret(text, "database-password-file") }
        ),
        (
            "database-wait",
            { text, c throws(ConfigurationError) in
                guard let seconds = DurationText.parse(text.trimmingCharacters(in: .whitespaces)) ?? Int(text.trimmingCharacters(in: .whitespaces)),
                    seconds >= 0
                else {
                    throw ConfigurationError("database-wait must be a duration such as 30s or 2m, or 0, not '\(text)'")
                }
                c.databaseWait = TimeInterval(seconds)
            }
        ),
        ("tls-cert", { text, c in c.tlsCertificatePath = text }),
        ("tls-key", { text, c in c.tlsKeyPath = text }),
        ("poll-timeout", { text, c throws(ConfigurationError) in c.pollTimeout = try seconds(text, "poll-timeout") }),
        ("idle-timeout", { text, c throws(ConfigurationError) in c.idleTimeout = try seconds(text, "idle-timeout") }),
        ("mailbox-capacity", { text, c throws(ConfigurationError) in c.mailboxCapacity = try integer(text, "mailbox-capacity") }),
        ("history", { text, c throws(ConfigurationError) in c.historyLimit = try integer(text, "history") }),
        ("max-body-bytes", { text, c throws(ConfigurationError) in c.maxBodyBytes = try integer(text, "max-body-bytes") }),
        ("header-timeout", { text, c throws(ConfigurationError) in c.headerTimeout = try seconds(text, "header-timeout") }),
        ("body-timeout", { text, c throws(ConfigurationError) in c.bodyTimeout = try seconds(text, "body-timeout") }),
        ("keep-alive-timeout", { text, c throws(ConfigurationError) in c.keepAliveTimeout = try seconds(text, "keep-alive-timeout") }),
        ("write-timeout", { text, c throws(ConfigurationError) in c.writeTimeout = try seconds(text, "write-timeout") }),
        ("listen-backlog", { text, c throws(ConfigurationError) in c.listenBacklog = try integer(text, "listen-backlog") }),
        ("max-connections", { text, c throws(ConfigurationError) in c.maxConnections = try integer(text, "max-connections") }),
        ("fd-reserve", { text, c throws(ConfigurationError) in c.descriptorReserve = try integer(text, "fd-reserve") }),
        ("fast-lane", { text, c throws(ConfigurationError) in c.fastLane = try switchValue(text, "fast-lane") }),
        (
            "audit-max-age",
            { text, c throws(ConfigurationError) in
                guard let seconds = DurationText.parse(text.trimmingCharacters(in: .whitespaces)) else {
                    throw ConfigurationError("audit-max-age must be a duration such as 90d or 1w, not '\(text)'")
                }
                c.auditRetention.maxAge = TimeInterval(seconds)
            }
        ),
        ("audit-max-lines", { text, c throws(ConfigurationError) in c.auditRetention.maxLines = try integer(text, "audit-max-lines") }),
        (
            "log-level",
            { text, c throws(ConfigurationError) in
                guard let level = Logger.Level(rawValue: text.lowercased()) else {
                    throw ConfigurationError("log-level must be one of trace, debug, info, notice, warning, error, critical; not '\(text)'")
                }
                c.logLevel = level
            }
        ),
    ]

    /// The settings given as flags, by key, read from the options themselves (a repeated option joined with
    /// commas); `--config` is not a setting.
    var givenFlags: [String: String] {
        var given: [String: String] = [:]
        for child in Mirror(reflecting: self).children {
            guard let label = child.label, label.hasPrefix("_") else { continue }
            let key = Self.kebabCase(String(label.dropFirst()))
            guard key != "config" else { continue }
            if let option = child.value as? Option<String?>, let value = option.wrappedValue {
                given[key] = value
            } else if let option = child.value as? Option<[String]>, !option.wrappedValue.isEmpty {
                given[key] = option.wrappedValue.joined(separator: ",")
            }
        }
        return given
    }

    /// `pollTimeout` → `poll-timeout`, `loginTTL` → `login-ttl`: how ArgumentParser names a property's flag.
    static func kebabCase(_ name: String) -> String {
        var result = ""
        var previous: Character?
        for character in name {
            if character.isUppercase, let previous, previous.isLowercase || previous.isNumber { result += "-" }
            result += character.lowercased()
            previous = character
        }
        return result
    }

    static func environmentName(of key: String) -> String {
        "CHAT_" + key.uppercased().replacingOccurrences(of: "-", with: "_")
    }

    /// A secret kept in a file (a password), without the line end an editor leaves.
    static func readSecret(_ path: String, _ name: String) throws(ConfigurationError) -> String {
        guard let data = FileManager.default.contents(atPath: path) else { throw ConfigurationError("\(name): cannot read \(path)") }
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .newlines)
        guard !text.isEmpty else { throw ConfigurationError("\(name): \(path) is empty") }
        return text
    }

    private static func switchValue(_ text: String, _ name: String) throws(ConfigurationError) -> Bool {
        switch text.trimmingCharacters(in: .whitespaces).lowercased() {
        case "on", "true", "1": return true
        case "off", "false", "0": return false
        default: throw ConfigurationError("\(name) must be on or off, not '\(text)'")
        }
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
