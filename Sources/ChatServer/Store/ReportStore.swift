import AdminAPI
import Foundation

/// Reports of messages, open and closed. Every method that changes something returns only once the change
/// is durable, or throws ``StoreError`` having changed nothing.
protocol ReportStore: Sendable {
    /// Stores a report, new or changed (another reporter, its resolution), whole.
    func saveReport(_ report: Report) async throws
    /// Every report, newest first.
    func reports() async throws -> [Report]
}

extension Report {
    /// Reports as both databases keep them (the admin API's JSON), newest first; a body this build cannot
    /// read is left out.
    static func decodeAll(_ bodies: [String]) -> [Report] {
        let decoder = AdminJSON.decoder()
        return bodies.compactMap { try? decoder.decode(Report.self, from: Data($0.utf8)) }.sorted { $0.createdAt > $1.createdAt }
    }
}
