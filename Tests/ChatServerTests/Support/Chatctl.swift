import Foundation

/// Runs the built `chatctl` binary and collects what it printed and how it exited.
struct Chatctl {
    struct Result: CustomStringConvertible {
        let status: Int32
        let stdout: String
        let stderr: String
        var description: String { "exit \(status)\nstdout: \(stdout)\nstderr: \(stderr)" }

        /// Standard output parsed as a JSON object.
        func json() throws -> [String: Any] { try jsonObject(Array(stdout.utf8)) }
    }

    static var binary: URL { ServerProcess.sibling("chatctl", environment: "CHATCTL_BINARY") }

    /// A config directory of its own, so stored logins do not leak between tests.
    let configHome: URL
    /// Prefix to run as another user, e.g. `["setpriv", "--reuid=65534", ...]`.
    var runAs: [String] = []

    init() throws {
        configHome = FileManager.default.temporaryDirectory.appendingPathComponent("chatctl-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: configHome, withIntermediateDirectories: true)
    }

    func cleanUp() {
        try? FileManager.default.removeItem(at: configHome)
    }

    /// Runs chatctl to its end on a thread of its own: waiting for it on a cooperative thread would hold one
    /// of this machine's two for as long, and stall every other test's tasks meanwhile.
    @discardableResult
    func run(_ arguments: [String], stdin: String? = nil, environment: [String: String] = [:]) async throws -> Result {
        try await offThePool { try runNow(arguments, stdin: stdin, environment: environment) }
    }

    private func runNow(_ arguments: [String], stdin: String?, environment: [String: String]) throws -> Result {
        let process = Process()
        if runAs.isEmpty {
            process.executableURL = Self.binary
            process.arguments = arguments
        } else {
            process.executableURL = URL(fileURLWithPath: runAs[0])
            process.arguments = Array(runAs.dropFirst()) + [Self.binary.path] + arguments
        }
        var env = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("CHAT") }
        env["XDG_CONFIG_HOME"] = configHome.path
        env["COLUMNS"] = "200"
        env.merge(environment) { $1 }
        process.environment = env
        let input = Pipe()
        let output = Pipe()
        let errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: out, as: UTF8.self), stderr: String(decoding: err, as: UTF8.self))
    }
}
