import AdminAPI
import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOSSL
import PostgresNIO

/// The control store on a PostgreSQL server, through postgres-nio's pooled `PostgresClient`, with the
/// contract ``SQLiteStore`` keeps: a change is answered only once committed with `synchronous_commit = on`,
/// each change is one transaction that any error rolls back whole, names are unique without regard to case
/// (a unique index on `lower(username)`), and the last admin is protected inside the transaction.
///
/// While the server cannot be reached, each call fails within the connect timeout with
/// ``StoreError/unavailable(_:)`` rather than waiting, and the pool connects again by itself once it is
/// back. Split by kind as ``ControlStore`` is (`PostgresStore+…`); this file the connection, the schema and
/// the plumbing they share.
final class PostgresStore: ControlStore {
    let client: PostgresClient
    let address: PostgresAddress
    let logger: Logger
    /// The pool's own task: it lends connections only while this runs.
    private let running: Task<Void, Never>
    private let failures = NIOLockedValueBox(0)

    var unavailableCount: Int { failures.withLockedValue { $0 } }

    private init(address: PostgresAddress, logger: Logger) throws(StoreError) {
        self.address = address
        self.logger = logger
        var configuration: PostgresClient.Configuration
        if let socketPath = address.socketPath {
            configuration = .init(unixSocketPath: socketPath, username: address.username, password: address.password, database: address.database)
        } else {
            configuration = .init(
                host: address.host ?? "localhost",
                port: address.port,
                username: address.username,
                password: address.password,
                database: address.database,
                tls: try Self.tls(address)
            )
        }
        configuration.options.connectTimeout = .milliseconds(Int64(address.connectTimeout * 1000))
        configuration.options.maximumConnections = address.poolSize
        configuration.options.minimumConnections = 0
        // Durable before acknowledged, whatever the server's default; named, for pg_stat_activity.
        configuration.options.additionalStartupParameters = [("synchronous_commit", "on"), ("application_name", "chat-server")]
        // The pool logs every failed connection attempt at info: a line a second while the server is down.
        var poolLogger = logger
        poolLogger.logLevel = max(logger.logLevel, .warning)
        let client = PostgresClient(configuration: configuration, backgroundLogger: poolLogger)
        self.client = client
        running = Task { await client.run() }
    }

    /// Connects and brings the schema up to date. While the server cannot be reached it tries again every
    /// second for up to `wait`, then gives up with a message that says where it looked.
    static func open(_ address: PostgresAddress, wait: TimeInterval = 0, logger: Logger) async throws(StoreError) -> PostgresStore {
        let store = try PostgresStore(address: address, logger: logger)
        let deadline = Date().addingTimeInterval(wait)
        while true {
            do {
                try await store.migrate()
                return store
            } catch let error where error.kind == .unavailable && Date() < deadline {
                logger.notice("PostgreSQL is not answering yet; trying again", metadata: ["chat.database": "\(address)", "chat.error": "\(error)"])
                try? await Task.sleep(for: .seconds(1))
            } catch {
                await store.close()
                if error.kind != .unavailable { throw error }
                throw StoreError.unavailable(
                    "cannot use PostgreSQL at \(address): \(error.message). Start it, check the URL and the password, or give --database-wait to wait for it"
                )
            }
        }
    }

    func close() async {
        running.cancel()
        await running.value
    }

    func ping() async -> Bool {
        // A health check answers at once: two seconds, then "down", even while the pool is still trying.
        await withTaskGroup(of: Bool.self) { group in
            group.addTask { [self, logger] in
                (try? await read { connection in try await connection.query("SELECT 1", logger: logger).collect().count }) == 1
            }
            group.addTask {
                try? await Task.sleep(for: .seconds(2))
                return false
            }
            let first = await group.next() ?? false
            group.cancelAll()
            return first
        }
    }

    private static func tls(_ address: PostgresAddress) throws(StoreError) -> PostgresClient.Configuration.TLS {
        var tls = TLSConfiguration.makeClientConfiguration()
        switch address.sslMode {
        case .disable: return .disable
        case .prefer, .require: tls.certificateVerification = .none  // as libpq: encrypted, not authenticated
        case .verifyCA: tls.certificateVerification = .noHostnameVerification
        case .verifyFull: tls.certificateVerification = .fullVerification
        }
        if let file = address.rootCertificate {
            guard FileManager.default.isReadableFile(atPath: file) else { throw StoreError.unavailable("cannot read sslrootcert \(file)") }
            tls.trustRoots = .file(file)
        }
        return address.sslMode == .prefer ? .prefer(tls) : .require(tls)
    }

    // MARK: Plumbing, for the extensions beside this file

    /// One transaction: committed whole when `body` returns, rolled back whole when anything throws.
    /// - Parameter connectionWait: how long to wait for a connection; nil is the connect timeout.
    func write<T: Sendable>(
        connectionWait: TimeInterval? = nil,
        _ body: @escaping @Sendable (PostgresConnection) async throws -> T
    ) async throws(StoreError) -> T {
        let logger = logger
        do {
            return try await leased(within: connectionWait ?? address.connectTimeout) { client, lease in
                try await client.withTransaction(logger: logger) { connection in
                    try lease.begin()
                    return try await body(connection)
                }
            }
        } catch {
            throw counted(Self.storeError(error, changing: true))
        }
    }

    func read<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) async throws -> T) async throws(StoreError) -> T {
        do {
            return try await leased(within: address.connectTimeout) { client, lease in
                try await client.withConnection { connection in
                    try lease.begin()
                    return try await body(connection)
                }
            }
        } catch {
            throw counted(Self.storeError(error, changing: false))
        }
    }

    /// Runs `operation`, giving up if it has no connection within the connect timeout. The pool keeps
    /// trying to connect to a server that is gone and lets requests wait meanwhile; a caller is told at
    /// once instead. Once `operation` has its connection (``Lease/begin()``) it runs to its end: a change is
    /// never abandoned half-way, and one given up on never begins.
    private func leased<T: Sendable>(
        within seconds: TimeInterval,
        _ operation: @escaping @Sendable (PostgresClient, Lease) async throws -> T
    ) async throws -> T {
        let lease = Lease()
        let client = client
        let wait = Duration.milliseconds(Int64(seconds * 1000))
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await operation(client, lease) }
            group.addTask {
                try await Task.sleep(for: wait)
                if lease.abandonUnlessBegun() { throw NoConnection() }
                return nil
            }
            while let result = try await group.next() {
                if let result {
                    group.cancelAll()
                    return result
                }
            }
            throw NoConnection()
        }
    }

    /// Whether an operation got its connection before its caller gave up waiting: one or the other, never both.
    final class Lease: Sendable {
        private let state = NIOLockedValueBox(State.waiting)
        private enum State { case waiting, begun, abandoned }

        /// Called with the connection in hand; throws if the caller has already given up.
        func begin() throws {
            try state.withLockedValue { state in
                guard state == .waiting else { throw NoConnection() }
                state = .begun
            }
        }

        /// Gives up unless the operation has begun; returns whether it did.
        func abandonUnlessBegun() -> Bool {
            state.withLockedValue { state in
                guard state == .waiting else { return false }
                state = .abandoned
                return true
            }
        }
    }

    /// No connection could be had in time.
    struct NoConnection: Error, CustomStringConvertible {
        var description: String { "no connection to the server within the connect timeout" }
    }

    private func counted(_ error: StoreError) -> StoreError {
        if error.kind == .unavailable { failures.withLockedValue { $0 += 1 } }
        return error
    }

    /// What the caller is told of an error: the store's own as it is, a unique key taken as a conflict,
    /// anything else as the database being unavailable, with the rollback's meaning spelled out.
    static func storeError(_ error: any Error, changing: Bool) -> StoreError {
        var error = error
        var committing = false
        if let transaction = error as? PostgresTransactionError {
            if let closure = transaction.closureError {
                error = closure
            } else if let begin = transaction.beginError {
                error = begin
            } else if let commit = transaction.commitError {
                error = commit
                committing = true
            }
        }
        if let error = error as? StoreError { return error }
        if let error = error as? PSQLError, error.serverInfo?[.sqlState] == "23505" {
            return .conflict("that exists already (\(error.serverInfo?[.detail] ?? "a unique key"))")
        }
        let reason = describe(error)
        if committing {
            return .unavailable("PostgreSQL did not confirm the change (\(reason)); it may or may not have been made: look before repeating it")
        }
        return changing
            ? .unavailable("PostgreSQL refused the change (\(reason)); nothing was changed")
            : .unavailable("PostgreSQL cannot be read (\(reason))")
    }

    /// An error in a few words, never a query or its values.
    static func describe(_ error: any Error) -> String {
        if let error = error as? PSQLError {
            if let message = error.serverInfo?[.message] { return message }
            if let underlying = error.underlying { return "\(error.code): \(underlying)" }
            return "\(error.code)"
        }
        if error is CancellationError { return "cancelled" }
        return String(describing: error)
    }
}
