import Foundation
import Logging

extension DatabaseLocation {
    /// The store on a database server, connected and its schema brought up to date, waiting up to `wait`
    /// seconds for the server to answer; nil for the SQLite file, which ``ChatServerApp`` opens itself in
    /// the data directory it prepares.
    func connectIfServer(wait: TimeInterval, logger: Logger) async throws(StoreError) -> (any ControlStore)? {
        switch self {
        case .sqlite: return nil
        case .postgres(let address): return try await PostgresStore.open(address, wait: wait, logger: logger)
        }
    }
}
