import Foundation

/// The built `chat-server` binary running as a child process on a free loopback port, with a data directory
/// of its own that is removed afterwards.
final class ServerProcess: @unchecked Sendable {
    // @unchecked: `process` and the paths are set in init and only read afterwards; Foundation's Process is
    // not marked Sendable but is safe to signal and wait on from any thread.
    let process: Process
    let dataDirectory: URL
    let logFile: URL
    private(set) var port = 0

    var baseURL: String { "http://127.0.0.1:\(port)" }

    /// The binary next to the test bundle (both are products of the same build), unless `CHAT_SERVER_BINARY`
    /// names another.
    static var binary: URL {
        if let path = ProcessInfo.processInfo.environment["CHAT_SERVER_BINARY"] {
            return URL(fileURLWithPath: path)
        }
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        return executable.deletingLastPathComponent().appendingPathComponent("chat-server")
    }

    /// Starts the server and waits until it listens.
    init(arguments: [String] = [], environment: [String: String] = [:]) async throws {
        dataDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("chat-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dataDirectory, withIntermediateDirectories: true)
        logFile = dataDirectory.appendingPathComponent("server.log")
        FileManager.default.createFile(atPath: logFile.path, contents: nil)
        process = Process()
        process.executableURL = Self.binary
        process.arguments = ["--host", "127.0.0.1", "--port", "0", "--data-dir", dataDirectory.appendingPathComponent("data").path] + arguments
        var env = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("CHAT_") }
        env.merge(environment) { $1 }
        process.environment = env
        let log = try FileHandle(forWritingTo: logFile)
        process.standardOutput = log
        process.standardError = log
        try process.run()
        let started = await eventually(within: .seconds(60)) { self.readPort() }
        guard started else {
            stop()
            throw ServerProcessError(message: "chat-server did not start:\n\(self.log)")
        }
    }

    /// Everything the server wrote so far.
    var log: String { (try? String(contentsOf: logFile, encoding: .utf8)) ?? "" }

    private func readPort() -> Bool {
        guard let range = log.range(of: #"chat listening on http://127\.0\.0\.1:(\d+)"#, options: .regularExpression) else { return false }
        let text = log[range]
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]) else { return false }
        self.port = port
        return true
    }

    /// Sends SIGTERM and waits for the process to exit, up to `limit`; returns whether it exited in time.
    @discardableResult
    func terminate(within limit: Duration = .seconds(20)) async -> Bool {
        guard process.isRunning else { return true }
        kill(process.processIdentifier, SIGTERM)
        return await eventually(within: limit) { !self.process.isRunning }
    }

    /// Kills the process if it still runs and removes its directory.
    func stop() {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: dataDirectory)
    }

    deinit { stop() }
}

struct ServerProcessError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}
