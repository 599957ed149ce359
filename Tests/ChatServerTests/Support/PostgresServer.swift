import Foundation
import Logging
import NIOConcurrencyHelpers
import Testing

@testable import ChatServer

#if canImport(Glibc)
import Glibc
#endif

/// A real PostgreSQL server for the tests, from Debian's `postgresql` package: `initdb` in a temporary
/// directory and `pg_ctl` on a Unix socket there and a free loopback port, run as the `postgres` user when
/// the tests run as root (PostgreSQL refuses root). One per test process, started on first use and stopped
/// when the process exits; each test takes a database of its own (``makeDatabase()``).
///
/// The socket trusts local connections; TCP asks for ``password`` (SCRAM), as a real deployment would.
///
/// Every command (`initdb`, `pg_ctl`, `createdb`, `psql`) runs on a thread of its own, never on a
/// cooperative thread: `initdb` takes seconds, and two tests blocking both of this machine's cooperative
/// threads would stall every task meanwhile, the stores' connection pools among them.
final class PostgresServer: Sendable {
    /// The shared server, started on first use; nil when PostgreSQL is not installed here (CI installs it).
    static var shared: PostgresServer? {
        get async throws { try await sharedStart.value }
    }

    private static let sharedStart = Task<PostgresServer?, any Error> {
        guard let binaries else { return nil }
        let server = try await offThePool { try PostgresServer(binaries: binaries) }
        started.withLockedValue { $0 = server }
        atexit { PostgresServer.started.withLockedValue { $0 }?.remove() }
        return server
    }

    /// The shared server once started, for the clean-up at exit.
    private static let started = NIOLockedValueBox<PostgresServer?>(nil)

    /// Whether the tests that need PostgreSQL run: wherever it is installed, always in CI (which installs
    /// it, so that a missing one fails there rather than skipping), and when asked with `CHAT_TEST_POSTGRES=1`.
    static var isRequired: Bool {
        let environment = ProcessInfo.processInfo.environment
        return binaries != nil || environment["CI"] == "true" || environment["CHAT_TEST_POSTGRES"] == "1"
    }

    static let user = "chat"
    static let password = "chat-test-password"

    let directory: URL
    let port: Int
    private let binaries: URL
    private let databases = NIOLockedValueBox(0)

    /// `initdb`, `pg_ctl` and the rest, from the newest PostgreSQL installed.
    private static let binaries: URL? = {
        let root = URL(fileURLWithPath: "/usr/lib/postgresql")
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
        return versions.compactMap(Int.init).sorted().last.map { root.appendingPathComponent("\($0)/bin") }
            .flatMap { FileManager.default.isExecutableFile(atPath: $0.appendingPathComponent("initdb").path) ? $0 : nil }
    }()

    private init(binaries: URL) throws {
        self.binaries = binaries
        directory = URL(fileURLWithPath: "/tmp").appendingPathComponent("chat-pg-\(UUID().uuidString.prefix(8))")
        port = try LoopbackPort.lasting()
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let passwordFile = directory.appendingPathComponent("password")
        try Self.password.write(to: passwordFile, atomically: true, encoding: .utf8)
        if getuid() == 0 { try Self.run("/bin/chown", ["-R", "postgres:postgres", directory.path]) }
        try runAsOwner(
            "initdb",
            [
                "-D", data.path, "-U", Self.user, "--pwfile=\(passwordFile.path)", "--auth-local=trust", "--auth-host=scram-sha-256",
                "-E", "UTF8", "--locale=C", "--no-instructions",
            ]
        )
        try startNow()
    }

    private var data: URL { directory.appendingPathComponent("data") }

    /// The postmaster's options: this directory's socket and loopback; room for every test's pool; and a
    /// client that goes away noticed within half a second, even by a statement still running.
    private var serverOptions: String {
        "-p \(port) -k \(directory.path) -c listen_addresses=127.0.0.1 -c max_connections=300 -c client_connection_check_interval=500"
    }

    /// Starts the server and waits until it accepts connections.
    func start() async throws {
        try await offThePool { try self.startNow() }
    }

    private func startNow() throws {
        try runAsOwner(
            "pg_ctl",
            [
                "-D", data.path, "-l", directory.appendingPathComponent("server.log").path, "-w", "-t", "60",
                "-o", serverOptions, "start",
            ]
        )
    }

    /// Stops the server (`fast`: sessions are ended, what was committed is kept).
    func stop() async {
        _ = try? await offThePool { self.stopNow(mode: "fast") }
    }

    private func stopNow(mode: String) {
        _ = try? runAsOwner("pg_ctl", ["-D", data.path, "-m", mode, "-w", "stop"])
    }

    /// Stops the server at once and removes its directory.
    func remove() {
        stopNow(mode: "immediate")
        // Should pg_ctl have failed, the postmaster is ended by its pid (SIGQUIT: immediate shutdown).
        if let text = try? String(contentsOf: data.appendingPathComponent("postmaster.pid"), encoding: .utf8),
            let pid = text.split(separator: "\n").first.flatMap({ Int32($0) })
        {
            kill(pid, SIGQUIT)
        }
        try? FileManager.default.removeItem(at: directory)
    }

    /// A server of the caller's own, to stop and start without disturbing the tests sharing ``shared``;
    /// ``remove()`` it afterwards.
    static func startNew() async throws -> PostgresServer {
        guard let binaries else { throw PostgresServerError(description: "PostgreSQL is not installed") }
        return try await offThePool { try PostgresServer(binaries: binaries) }
    }

    /// `pg_ctl restart -m fast`: every session ends; the server is back when this returns.
    func restart() async throws {
        try await offThePool { try self.restartNow() }
    }

    private func restartNow() throws {
        try runAsOwner(
            "pg_ctl",
            [
                "-D", data.path, "-l", directory.appendingPathComponent("server.log").path, "-m", "fast", "-w", "-t", "60",
                "-o", serverOptions, "restart",
            ]
        )
    }

    /// A new, empty database, over the socket (no password) or over TCP on loopback (with the password).
    func makeDatabase(overTCP: Bool = false) async throws -> PostgresAddress {
        try await offThePool { try self.makeDatabaseNow(overTCP: overTCP) }
    }

    private func makeDatabaseNow(overTCP: Bool) throws -> PostgresAddress {
        let number = databases.withLockedValue { count in
            count += 1
            return count
        }
        let name = "test_\(number)_\(UUID().uuidString.prefix(6).lowercased())"
        try runAsOwner("createdb", ["-h", directory.path, "-p", "\(port)", "-U", Self.user, name])
        if overTCP {
            var address = PostgresAddress(host: "127.0.0.1", port: port, username: Self.user, password: Self.password, database: name)
            address.sslMode = .disable
            return address
        }
        return PostgresAddress(host: nil, socketDirectory: directory.path, port: port, username: Self.user, database: name)
    }

    /// Runs SQL through `psql` and returns what it printed (unaligned, tuples only).
    func psql(_ database: String, _ sql: String) async throws -> String {
        try await offThePool {
            try self.runAsOwner(
                "psql",
                [
                    "-h", self.directory.path, "-p", "\(self.port)", "-U", Self.user, "-d", database, "-X", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-c",
                    sql,
                ]
            )
        }
    }

    /// A store on a new database, migrated.
    func makeStore() async throws -> PostgresStore {
        try await PostgresStore.open(try await makeDatabase(), logger: Logger(label: "test.postgres"))
    }

    @discardableResult
    private func runAsOwner(_ tool: String, _ arguments: [String]) throws -> String {
        let path = binaries.appendingPathComponent(tool).path
        if getuid() == 0 { return try Self.run("/usr/sbin/runuser", ["-u", "postgres", "--", path] + arguments) }
        return try Self.run(path, arguments)
    }

    @discardableResult
    private static func run(_ executable: String, _ arguments: [String]) throws -> String {
        let (status, output) = try ChildProcess.run(executable, arguments)
        guard status == 0 else {
            throw PostgresServerError(description: "\(executable) \(arguments.joined(separator: " ")) failed (\(status)): \(output)")
        }
        return output
    }
}

struct PostgresServerError: Error, CustomStringConvertible {
    let description: String
}
