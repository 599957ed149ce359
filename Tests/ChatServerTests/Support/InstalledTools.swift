import Foundation

/// Programs from Debian's packages that some suites need: they run wherever the programs are installed,
/// and always in CI, which installs them (so that a missing one fails there rather than skipping).
enum InstalledTools {
    static func present(_ executables: String...) -> Bool {
        executables.allSatisfy { FileManager.default.isExecutableFile(atPath: $0) } || ProcessInfo.processInfo.environment["CI"] == "true"
    }
}
