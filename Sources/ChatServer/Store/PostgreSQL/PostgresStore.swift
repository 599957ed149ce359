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
        // One connection always kept: postgres-nio's pool opens a new one when a connection closes only to
        // stay at its minimum, so with none a call waiting while every lent connection closed (a restart of
        // PostgreSQL, calls given up at their limit) would wait until another call came, or its time ran out.
        configuration.options.minimumConnections = 1
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
        guard let (tls, preferred) = try tlsSettings(address) else { return .disable }
        return preferred ? .prefer(tls) : .require(tls)
    }

    /// What the URL's `sslmode` and `sslrootcert` ask for, as libpq reads them; nil for `disable`, and whether
    /// a server without TLS is accepted (`prefer`).
    static func tlsSettings(_ address: PostgresAddress) throws(StoreError) -> (TLSConfiguration, preferred: Bool)? {
        var tls = TLSConfiguration.makeClientConfiguration()
        switch address.sslMode {
        case .disable: return nil
        case .prefer, .require: tls.certificateVerification = .none  // as libpq: encrypted, not authenticated
        case .verifyCA: tls.certificateVerification = .noHostnameVerification
        case .verifyFull: tls.certificateVerification = .fullVerification
        }
        if let file = address.rootCertificate {
            guard FileManager.default.isReadableFile(atPath: file) else { throw StoreError.unavailable("cannot read sslrootcert \(file)") }
            tls.trustRoots = .file(file)
        }
        return (tls, address.sslMode == .prefer)
    }

    // MARK: Plumbing, for the extensions beside this file

    /// How long a call that has its connection may take before it is given up: far beyond any of this
    /// store's statements, short enough that an admin request is answered rather than held.
    static let operationLimit: TimeInterval = 15
    /// The bound for migrations and `store migrate`'s copies, which may wait on another node or move every row.
    static let bulkOperationLimit: TimeInterval = 300

    /// One transaction: committed whole when `body` returns, rolled back whole when anything throws.
    /// - Parameters:
    ///   - connectionWait: how long to wait for a connection; nil is the connect timeout.
    ///   - limit: how long the whole call may take (see ``leased(within:limit:_:)``).
    func write<T: Sendable>(
        connectionWait: TimeInterval? = nil,
        limit: TimeInterval = PostgresStore.operationLimit,
        _ body: @escaping @Sendable (PostgresConnection) async throws -> T
    ) async throws(StoreError) -> T {
        let logger = logger
        do {
            return try await leased(within: connectionWait ?? address.connectTimeout, limit: limit) { client, lease in
                try await Self.withOpenConnection(client, lease, changing: true) { connection in
                    try await connection.withTransaction(logger: logger) { connection in try await body(connection) }
                }
            }
        } catch {
            throw counted(Self.storeError(error, changing: true))
        }
    }

    func read<T: Sendable>(
        limit: TimeInterval = PostgresStore.operationLimit,
        _ body: @escaping @Sendable (PostgresConnection) async throws -> T
    ) async throws(StoreError) -> T {
        do {
            return try await leased(within: address.connectTimeout, limit: limit) { client, lease in
                try await Self.withOpenConnection(client, lease, body)
            }
        } catch {
            throw counted(Self.storeError(error, changing: false))
        }
    }

    /// Leases a connection that is still open and runs `body` on it. The pool may lend a connection that
    /// has just closed or is closing (the server ended it, or ``Lease/closeConnection()`` did, and the pool
    /// has not yet heard): postgres-nio can leave a query sent on a closed one unanswered, and refuses one
    /// on a closing one. Such a connection goes back and the next is taken, up to three times, as long as
    /// nothing of `body` can have reached the server: a read, or a transaction whose `BEGIN` was refused.
    private static func withOpenConnection<T: Sendable>(
        _ client: PostgresClient,
        _ lease: Lease,
        changing: Bool = false,
        _ body: @escaping @Sendable (PostgresConnection) async throws -> T
    ) async throws -> T {
        for attempt in 1... {
            do {
                return try await client.withConnection { connection in
                    guard !connection.isClosed else { throw ClosedConnection() }
                    try lease.begin(connection)
                    return try await body(connection)
                }
            } catch let error
                where attempt < 4 && !lease.isGivenUp && (error is ClosedConnection || closedBeforeStarting(error, changing: changing))
            {
                try await Task.sleep(for: .milliseconds(10))
            }
        }
        preconditionFailure("the last attempt returns or throws")
    }

    private struct ClosedConnection: Error {}

    /// Whether `error` is a connection that was gone before anything of the call reached the server.
    private static func closedBeforeStarting(_ error: any Error, changing: Bool) -> Bool {
        var error = error
        if let transaction = error as? PostgresTransactionError {
            guard let begin = transaction.beginError, transaction.closureError == nil else { return false }
            error = begin
        } else if changing {
            return false
        }
        guard let error = error as? PSQLError else { return false }
        return error.code == .clientClosedConnection || error.code == .serverClosedConnection
    }

    /// Runs `operation` on a task of its own and answers within two bounds, whatever the pool or a
    /// connection does meanwhile:
    ///
    /// - No connection within `seconds`: ``NoConnection``. The pool keeps trying to connect to a server that
    ///   is gone and lets requests wait; the caller is told at once instead, and the operation, should it
    ///   get a connection later, never begins (``Lease/begin(_:)``).
    /// - Begun but not ended within `limit` of the call (never less than `seconds`): ``NoAnswer``, and the
    ///   connection is closed, so that the server rolls back what was not committed and the pool replaces
    ///   it. postgres-nio can leave a query unanswered for good when its connection closes at the moment it
    ///   is sent (seen during `pg_ctl restart`); without this bound the caller, and an admin request with
    ///   it, would wait forever.
    ///
    /// An operation that has begun is otherwise let run to its end: a change is never abandoned half-way.
    /// A caller cancelled before the operation begins stops it; one cancelled after waits for its answer.
    private func leased<T: Sendable>(
        within seconds: TimeInterval,
        limit: TimeInterval,
        _ operation: @escaping @Sendable (PostgresClient, Lease) async throws -> T
    ) async throws -> T {
        let lease = Lease()
        let answer = Answer<T>()
        let client = client
        let work = Task {
            do {
                answer.give(.success(try await operation(client, lease)))
            } catch {
                answer.give(.failure(error))
            }
        }
        let timer = Task {
            do { try await Task.sleep(for: .milliseconds(Int64(seconds * 1000))) } catch { return }
            if lease.abandonUnlessBegun() {
                work.cancel()
                answer.give(.failure(NoConnection()))
                return
            }
            do { try await Task.sleep(for: .milliseconds(Int64(max(limit - seconds, 0) * 1000))) } catch { return }
            if answer.give(.failure(NoAnswer(seconds: limit))) {
                lease.closeConnection()
                work.cancel()
            }
        }
        return try await withTaskCancellationHandler {
            defer { timer.cancel() }
            return try await answer.value
        } onCancel: {
            if lease.abandonUnlessBegun() {
                work.cancel()
                answer.give(.failure(CancellationError()))
            }
        }
    }

    /// Whether an operation got its connection before its caller gave up waiting: one or the other, never
    /// both; and the connection, to close should the operation not end in time.
    final class Lease: Sendable {
        private let state = NIOLockedValueBox(State.waiting)
        private enum State {
            case waiting
            case begun(PostgresConnection)
            /// Given up before it had a connection.
            case abandoned
            /// Given up after: its connection is being closed, and it is not to begin again on another.
            case closed
        }

        /// Called with the connection in hand (again with another, should the first have been closed when
        /// lent); throws if the caller has already given up.
        func begin(_ connection: PostgresConnection) throws {
            try state.withLockedValue { state in
                switch state {
                case .abandoned: throw NoConnection()
                case .closed: throw CancellationError()
                case .waiting, .begun: state = .begun(connection)
                }
            }
        }

        /// Gives up unless the operation has begun; returns whether it did.
        func abandonUnlessBegun() -> Bool {
            state.withLockedValue { state in
                guard case .waiting = state else { return false }
                state = .abandoned
                return true
            }
        }

        /// Whether the caller has given up on the operation, before or after it began.
        var isGivenUp: Bool {
            state.withLockedValue { state in
                switch state {
                case .abandoned, .closed: true
                case .waiting, .begun: false
                }
            }
        }

        /// Gives up on the operation after it began, closing its connection.
        func closeConnection() {
            let connection: PostgresConnection? = state.withLockedValue { state in
                defer { state = .closed }
                guard case .begun(let connection) = state else { return nil }
                return connection
            }
            guard let connection else { return }
            let closing: EventLoopFuture<Void> = connection.close()
            _ = closing
        }
    }

    /// The first of several possible answers to a call, handed to the caller whenever it comes: before or
    /// after the caller starts waiting for it.
    final class Answer<T: Sendable>: Sendable {
        private let state = NIOLockedValueBox(State.open)
        private enum State {
            case open
            case waiting(CheckedContinuation<T, any Error>)
            case given(Result<T, any Error>)
            case taken
        }

        /// Gives the answer unless one was given already; returns whether this one was.
        @discardableResult
        func give(_ result: Result<T, any Error>) -> Bool {
            let (given, waiting): (Bool, CheckedContinuation<T, any Error>?) = state.withLockedValue { state in
                switch state {
                case .open:
                    state = .given(result)
                    return (true, nil)
                case .waiting(let continuation):
                    state = .taken
                    return (true, continuation)
                case .given, .taken:
                    return (false, nil)
                }
            }
            waiting?.resume(with: result)
            return given
        }

        var value: T {
            get async throws {
                try await withCheckedThrowingContinuation { continuation in
                    let given: Result<T, any Error>? = state.withLockedValue { state in
                        if case .given(let result) = state {
                            state = .taken
                            return result
                        }
                        state = .waiting(continuation)
                        return nil
                    }
                    if let given { continuation.resume(with: given) }
                }
            }
        }
    }

    /// No connection could be had in time.
    struct NoConnection: Error, CustomStringConvertible {
        var description: String { "no connection to the server within the connect timeout" }
    }

    /// A call had its connection but no answer within its limit.
    struct NoAnswer: Error, CustomStringConvertible {
        let seconds: TimeInterval
        var description: String { "no answer within \(Int(seconds)) seconds" }
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
        if committing || (changing && error is NoAnswer) {
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
