import ArgumentParser
import Foundation
import Testing

@testable import ChatServer

@Suite("Database URL")
struct DatabaseLocationTests {
    func parse(_ url: String?, password: String? = nil) throws -> DatabaseLocation {
        try DatabaseLocation.parse(url, password: password, defaultSQLitePath: "/data/chat.sqlite")
    }

    func postgres(_ url: String) throws -> PostgresAddress {
        guard case .postgres(let address) = try parse(url) else { throw ConfigurationError("not postgres: \(url)") }
        return address
    }

    @Test("no URL is the SQLite file in the data directory; sqlite:PATH names another")
    func sqlite() throws {
        #expect(try parse(nil) == .sqlite(path: "/data/chat.sqlite"))
        #expect(try parse("  ") == .sqlite(path: "/data/chat.sqlite"))
        #expect(try parse("sqlite:/var/lib/chat/store.db") == .sqlite(path: "/var/lib/chat/store.db"))
        #expect(try parse("sqlite:///var/lib/chat/store.db") == .sqlite(path: "/var/lib/chat/store.db"))
        #expect(try parse("sqlite:relative.db") == .sqlite(path: "relative.db"))
        #expect(throws: ConfigurationError.self) { try parse("sqlite:") }
    }

    @Test("a TCP URL: user, password, host, port, database and libpq's parameters")
    func tcp() throws {
        let address = try postgres("postgres://chat:s%40cret@db.example.org:6543/chatdb?sslmode=verify-full&pool_size=4&connect_timeout=9")
        #expect(address.host == "db.example.org")
        #expect(address.socketDirectory == nil)
        #expect(address.port == 6543)
        #expect(address.username == "chat")
        #expect(address.password == "s@cret")
        #expect(address.database == "chatdb")
        #expect(address.sslMode == .verifyFull)
        #expect(address.poolSize == 4)
        #expect(address.connectTimeout == 9)
        let defaults = try postgres("postgresql://chat@localhost")
        #expect(defaults.port == 5432)
        #expect(defaults.database == "chat", "the database defaults to the user's name, as in libpq")
        #expect(defaults.sslMode == .prefer)
        #expect(defaults.poolSize == 10)
    }

    @Test("a Unix socket: host= names the directory of .s.PGSQL.PORT")
    func unixSocket() throws {
        let address = try postgres("postgres://chat@/chat?host=/run/postgresql&port=5433")
        #expect(address.host == nil)
        #expect(address.socketDirectory == "/run/postgresql")
        #expect(address.socketPath == "/run/postgresql/.s.PGSQL.5433")
        let encoded = try postgres("postgres://chat@%2Ftmp%2Fpg/chat")
        #expect(encoded.socketPath == "/tmp/pg/.s.PGSQL.5432")
    }

    @Test("the password file's password takes the place of the URL's")
    func passwordFile() throws {
        guard case .postgres(let address) = try parse("postgres://chat:inurl@db/chat", password: "fromfile") else {
            Issue.record("not postgres")
            return
        }
        #expect(address.password == "fromfile")
    }

    @Test("a password is never shown: not in the address, not in an error")
    func redaction() throws {
        let address = try postgres("postgres://chat:hunter2@db.example.org/chat")
        #expect(!address.description.contains("hunter2"))
        #expect(address.description.contains("chat:***@db.example.org"))
        let error = #expect(throws: ConfigurationError.self) { try parse("mysql://chat:hunter2@db/chat") }
        #expect(error?.description.contains("hunter2") == false)
        #expect(error?.description.contains("sqlite: or postgres://") == true)
    }

    @Test(
        "a URL that names no user or host, an unknown parameter, or a bad value is refused in words",
        arguments: [
            ("postgres://db.example.org/chat", "no user"),
            ("postgres://chat@/chat", "no host"),
            ("postgres://chat@db/chat?sslmode=sometimes", "sslmode"),
            ("postgres://chat@db/chat?pool_size=0", "pool_size"),
            ("postgres://chat@db/chat?pool_size=many", "pool_size"),
            ("postgres://chat@db/chat?connect_timeout=0", "connect_timeout"),
            ("postgres://chat@db/chat?port=70000", "port"),
            ("postgres://chat@db/chat?application_name=x", "does not know"),
            ("postgres://chat@db/chat?sslmode=require&sslrootcert=/ca.pem", "sslrootcert"),
            ("ftp://chat@db/chat", "sqlite: or postgres://"),
        ]
    )
    func refused(_ url: String, _ words: String) {
        let error = #expect(throws: ConfigurationError.self) { _ = try parse(url) }
        #expect(error?.description.contains(words) == true, "\(String(describing: error))")
    }

    @Test("the flags, CHAT_DATABASE_URL and the password file reach the configuration")
    func settings() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("chat-db-password-\(UUID())")
        try "from-the-file\n".write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let configuration = try ServerCommand.parse([
            "--database-url", "postgres://chat@db/chat", "--database-password-file", file.path, "--database-wait", "30s",
        ]).resolve(environment: [:])
        guard case .postgres(let address) = configuration.database else {
            Issue.record("not postgres: \(configuration.database)")
            return
        }
        #expect(address.password == "from-the-file", "the line end is dropped")
        #expect(configuration.databaseWait == 30)
        let fromEnvironment = try ServerCommand.parse([]).resolve(environment: ["CHAT_DATABASE_URL": "sqlite:/elsewhere/chat.db"])
        #expect(fromEnvironment.database == .sqlite(path: "/elsewhere/chat.db"))
        #expect(fromEnvironment.databasePath == "/elsewhere/chat.db")
        #expect(throws: ConfigurationError.self) {
            _ = try ServerCommand.parse(["--database-password-file", "/nonexistent/password"]).resolve(environment: [:])
        }
        #expect(throws: ConfigurationError.self) {
            _ = try ServerCommand.parse(["--database-url", "postgres://db/chat"]).resolve(environment: [:])
        }
        #expect(throws: ConfigurationError.self) {
            _ = try ServerCommand.parse(["--database-wait", "soon"]).resolve(environment: [:])
        }
    }
}
