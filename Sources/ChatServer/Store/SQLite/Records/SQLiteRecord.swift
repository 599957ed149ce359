import GRDB

/// A row type of the SQLite store, read and written by GRDB's Codable records: columns in snake case
/// (`created_at` for `createdAt`) and times as seconds since 1970 in a DOUBLE column, as the schema has them.
protocol SQLiteRecord: Codable, FetchableRecord, MutablePersistableRecord {}

extension SQLiteRecord {
    static var databaseColumnDecodingStrategy: DatabaseColumnDecodingStrategy { .convertFromSnakeCase }
    static var databaseColumnEncodingStrategy: DatabaseColumnEncodingStrategy { .convertToSnakeCase }
    static func databaseDateDecodingStrategy(for column: String) -> DatabaseDateDecodingStrategy { .timeIntervalSince1970 }
    static func databaseDateEncodingStrategy(for column: String) -> DatabaseDateEncodingStrategy { .timeIntervalSince1970 }
}
