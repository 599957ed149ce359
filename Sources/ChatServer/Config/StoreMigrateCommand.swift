import ArgumentParser
import Foundation
import Logging

/// `chat-server store migrate --from URL --to URL`: copies every row from one store to another, in one
/// transaction on the target, and checks the counts before it commits.
struct StoreMigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Copy everything from one control store to another: SQLite to PostgreSQL, or back.",
        discussion: """
            Copies accounts (with their password hashes), token hashes, bans and mutes (lifted ones too), \
            overrides, limits and the audit log, with their ids, in one transaction on the target, and checks \
            that the target holds as many rows of each kind as the source before committing. A target that \
            holds anything is refused unless --force, which replaces what it held. Stop every chat-server \
            using either store first: changes made during the copy would not be in it.
            """
    )

    @Option(help: "The store to copy from: sqlite:PATH or postgres://… (as --database-url).") var from: String
    @Option(help: "The store to copy to: sqlite:PATH or postgres://…") var to: String
    @Option(help: "File holding the password of the --from PostgreSQL server.") var fromPasswordFile: String?
    @Option(help: "File holding the password of the --to PostgreSQL server.") var toPasswordFile: String?
    @Flag(help: "Replace what the target holds.") var force = false

    func run() async throws {
        var logger = Logger(label: "chat-server.store")
        logger.logLevel = .warning
        let source = try location(from, passwordFile: fromPasswordFile, name: "--from")
        let target = try location(to, passwordFile: toPasswordFile, name: "--to")
        guard source != target else { throw ValidationError("--from and --to name the same store") }
        do {
            let reader = try await open(source, readOnly: true, logger: logger)
            let snapshot = try await reader.snapshot()
            await reader.close()
            let writer = try await open(target, readOnly: false, logger: logger)
            do {
                try await writer.restore(snapshot, replacing: force)
            } catch {
                await writer.close()
                throw error
            }
            await writer.close()
            let counts = snapshot.counts.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
            print("copied \(counts) from \(source) to \(target)")
        } catch let error as StoreError {
            throw ValidationError(error.message)
        }
    }

    private func location(_ url: String, passwordFile: String?, name: String) throws -> DatabaseLocation {
        do throws(ConfigurationError) {
            let password = try passwordFile.map { path throws(ConfigurationError) in
                try ServerCommand.readSecret(path, "\(name)-password-file")
            }
            let location = try DatabaseLocation.parse(url, password: password, defaultSQLitePath: "")
            if case .sqlite(let path) = location, path.isEmpty { throw ConfigurationError("\(name) names no store") }
            return location
        } catch {
            throw ValidationError("\(name): \(error.description)")
        }
    }

    /// A store to copy from (which must exist) or to (created and migrated if new).
    private func open(_ location: DatabaseLocation, readOnly: Bool, logger: Logger) async throws -> any ControlStore & SnapshotStore {
        switch location {
        case .sqlite(let path):
            if readOnly, !FileManager.default.fileExists(atPath: path) { throw StoreError.unavailable("there is no database at \(path)") }
            return try SQLiteStore(path: path, readOnly: readOnly)
        case .postgres(let address):
            return try await PostgresStore.open(address, logger: logger)
        }
    }
}
