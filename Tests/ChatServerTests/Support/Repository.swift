import Foundation

/// The checkout the tests run from, for the files they hold to the code (docs/, deploy/).
enum Repository {
    /// Tests/ChatServerTests/Support/ is three levels below it.
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func file(_ path: String) -> URL { root.appendingPathComponent(path) }
}
