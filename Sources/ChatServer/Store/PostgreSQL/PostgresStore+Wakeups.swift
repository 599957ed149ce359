import Foundation
import Logging
import NIOSSL
import PostgresNIO

/// Wake-ups between the nodes sharing the database. A change every node keeps in force (a ban, a mute, a
/// lift, an override, the limits, an automod rule) sends a `NOTIFY` inside its own transaction, so that it
/// goes out only once committed; each node listens on a connection of its own, outside the pool.
///
/// A notification is a hint to read the store now, never the change itself: every node still reads the
/// store regularly (``NodeHeartbeat``), so a notification lost with a connection costs latency, never a
/// change. Only these rare changes notify (accounts, tokens, reports and the audit log do not), since
/// PostgreSQL serialises notifying commits behind one lock.
extension PostgresStore {
    /// The channel the wake-ups go through; the payload is a ``StoreChange``.
    static let changeChannel = "chat_changes"
    /// How the listening connection is named in `pg_stat_activity`.
    static let listenerName = "chat-server listener"
    /// How often the listening connection is asked a question, to find one that went silent.
    static let listenerCheckInterval: Duration = .seconds(10)

    /// Tells every listening node that `change` was committed (sent with the transaction's commit).
    static func tell(_ change: StoreChange, on connection: PostgresConnection, logger: Logger) async throws {
        _ = try await connection.query("SELECT pg_notify(\(changeChannel), \(change.rawValue))", logger: logger).collect()
    }

    func watchChanges(_ onChange: @escaping @Sendable (StoreChange?) -> Void) async {
        // A payload this build does not know is taken as any change at all.
        await listen(on: Self.changeChannel, what: "other nodes' changes (they are read every second meanwhile)") { payload in
            onChange(payload.flatMap(StoreChange.init(rawValue:)))
        }
    }

    /// Hands on each notification's payload on `channel` until the calling task is cancelled, with nil
    /// whenever it begins to listen (again, after a lost connection: what was told meanwhile was missed).
    /// Lost connections are listened on again after 0.1 s, doubling to 5 s while they keep failing.
    /// - Parameter what: what is listened for, in words, for the log.
    func listen(on channel: String, what: String, _ onPayload: @escaping @Sendable (String?) -> Void) async {
        var delay = 0.1
        var failing = false
        while !Task.isCancelled {
            let began = Date()
            do {
                try await listenOnce(on: channel, onPayload)
                failing = false
            } catch {
                if Task.isCancelled { return }
                if !failing {
                    logger.notice("not listening for \(what); trying again", metadata: ["chat.error": "\(Self.describe(error))"])
                }
                failing = true
            }
            // A connection that listened a good while was not a failing one: start the back-off again.
            if Date().timeIntervalSince(began) > 30 { delay = 0.1 }
            do { try await Task.sleep(for: .milliseconds(Int64(delay * 1000))) } catch { return }
            delay = min(delay * 2, 5)
        }
    }

    /// Connects, listens and hands on notifications until the connection is lost or the task cancelled.
    private func listenOnce(on channel: String, _ onPayload: @escaping @Sendable (String?) -> Void) async throws {
        var quiet = logger
        quiet.logLevel = max(logger.logLevel, .warning)
        let connection = try await PostgresConnection.connect(configuration: try listenerConfiguration(), id: 1, logger: quiet)
        let logger = logger
        let outcome: Result<Void, any Error> = await withTaskGroup(of: Result<Void, any Error>.self) { group in
            group.addTask {
                do {
                    try await connection.listen(on: channel) { notifications in
                        logger.debug("listening", metadata: ["chat.channel": "\(channel)"])
                        onPayload(nil)
                        for try await notification in notifications {
                            onPayload(notification.payload)
                        }
                    }
                    return .success(())
                } catch {
                    return .failure(error)
                }
            }
            group.addTask {
                // A connection whose server went away without a word delivers nothing and fails nothing:
                // a question every few seconds finds it, and closing it ends the listening.
                while true {
                    do { try await Task.sleep(for: Self.listenerCheckInterval) } catch { return .success(()) }
                    guard await Self.answers(connection, logger: logger) else {
                        return .failure(StoreError.unavailable("the listening connection stopped answering"))
                    }
                }
            }
            let first = await group.next() ?? .success(())
            try? await connection.close()
            group.cancelAll()
            return first
        }
        try outcome.get()
    }

    /// Whether the connection answers a question within five seconds; closed when it does not.
    private static func answers(_ connection: PostgresConnection, logger: Logger) async -> Bool {
        await withTaskGroup(of: Bool.self) { group in
            group.addTask { (try? await connection.query("SELECT 1", logger: logger).collect()) != nil }
            group.addTask {
                guard (try? await Task.sleep(for: .seconds(5))) != nil else { return true }
                try? await connection.close()  // the question above fails with it
                return false
            }
            let first = await group.next() ?? false
            group.cancelAll()
            return first
        }
    }

    /// The pool's connection settings, for the one connection that listens.
    private func listenerConfiguration() throws -> PostgresConnection.Configuration {
        var configuration: PostgresConnection.Configuration
        if let socketPath = address.socketPath {
            configuration = .init(unixSocketPath: socketPath, username: address.username, password: address.password, database: address.database)
        } else {
            var tls = PostgresConnection.Configuration.TLS.disable
            if let (settings, preferred) = try Self.tlsSettings(address) {
                let context = try NIOSSLContext(configuration: settings)
                tls = preferred ? .prefer(context) : .require(context)
            }
            configuration = .init(
                host: address.host ?? "localhost",
                port: address.port,
                username: address.username,
                password: address.password,
                database: address.database,
                tls: tls
            )
        }
        configuration.options.connectTimeout = .milliseconds(Int64(address.connectTimeout * 1000))
        configuration.options.additionalStartupParameters = [("application_name", Self.listenerName)]
        return configuration
    }
}
