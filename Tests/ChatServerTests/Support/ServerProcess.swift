import Foundation
import NIOConcurrencyHelpers

/// The built `chat-server` binary running as a child process on free loopback ports, with a directory of
/// its own (data, control socket, log) that is removed afterwards.
final class ServerProcess: Sendable {
    let process: Process
    let directory: URL
    let logFile: URL
    let arguments: [String]
    /// A command the binary runs under, e.g. `["/usr/bin/prlimit", "--nofile=300:300", "--"]`.
    let launcher: [String]
    private let ports = NIOLockedValueBox((chat: 0, admin: 0))
    /// Whether ``stop()`` removes the directory; handed over to the process a ``restart()`` starts.
    private let ownsDirectory = NIOLockedValueBox(true)

    var port: Int { ports.withLockedValue { $0.chat } }
    var adminPort: Int { ports.withLockedValue { $0.admin } }
    var baseURL: String { "http://127.0.0.1:\(port)" }
    var adminURL: String { "http://127.0.0.1:\(adminPort)" }
    var dataDirectory: URL { directory.appendingPathComponent("data") }
    /// The control socket, at its default place in the data directory.
    var socketPath: String { dataDirectory.appendingPathComponent("run/control.sock").path }

    /// The binary next to the test bundle (both are products of the same build), unless `CHAT_SERVER_BINARY`
    /// names another.
    static var binary: URL { sibling("chat-server", environment: "CHAT_SERVER_BINARY") }

    static func sibling(_ name: String, environment variable: String) -> URL {
        if let path = ProcessInfo.processInfo.environment[variable] {
            return URL(fileURLWithPath: path)
        }
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        return executable.deletingLastPathComponent().appendingPathComponent(name)
    }

    /// Starts the server in a new directory and waits until every listener is up.
    convenience init(arguments: [String] = [], launcher: [String] = []) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("chat-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try await self.init(directory: directory, arguments: arguments, launcher: launcher)
    }

    private init(directory: URL, arguments: [String], launcher: [String]) async throws {
        self.directory = directory
        self.arguments = arguments
        self.launcher = launcher
        logFile = directory.appendingPathComponent("server-\(UUID().uuidString.prefix(8)).log")
        _ = FileManager.default.createFile(atPath: logFile.path, contents: nil)
        process = Process()
        let serverArguments =
            [
                "--host", "127.0.0.1", "--port", "0", "--admin-port", "0", "--bcrypt-cost", "4",
                "--data-dir", directory.appendingPathComponent("data").path,
            ] + Self.laneArguments(unless: arguments) + arguments
        if let command = launcher.first {
            process.executableURL = URL(fileURLWithPath: command)
            process.arguments = Array(launcher.dropFirst()) + [Self.binary.path] + serverArguments
        } else {
            process.executableURL = Self.binary
            process.arguments = serverArguments
        }
        process.environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("CHAT") }
        let log = try FileHandle(forWritingTo: logFile)
        process.standardOutput = log
        process.standardError = log
        try process.run()
        let started = await eventually(within: .seconds(60)) { self.readPorts() || !self.process.isRunning }
        guard started, process.isRunning else {
            let text = self.log
            stop()
            throw ServerProcessError(message: "chat-server did not start:\n\(text)")
        }
    }

    /// `CHAT_FAST_LANE` in the tests' environment (CI runs the HTTP suites with it `off` too) reaches every
    /// server started here, unless a test chooses the lane itself; other `CHAT_` variables are kept out.
    static func laneArguments(unless arguments: [String]) -> [String] {
        TestLane.isFast || arguments.contains("--fast-lane") ? [] : ["--fast-lane", "off"]
    }

    /// Everything the server wrote so far.
    var log: String { (try? String(contentsOf: logFile, encoding: .utf8)) ?? "" }

    /// Reads the ports from the log once every listener is up.
    private func readPorts() -> Bool {
        let log = self.log
        guard log.contains("control socket listening on"), let chat = Self.port(of: "chat", in: log),
            let admin = Self.port(of: "admin", in: log)
        else { return false }
        ports.withLockedValue { $0 = (chat, admin) }
        return true
    }

    private static func port(of listener: String, in log: String) -> Int? {
        guard let range = log.range(of: listener + #" listening on https?://127\.0\.0\.1:(\d+)"#, options: .regularExpression) else { return nil }
        let text = log[range]
        guard let colon = text.lastIndex(of: ":") else { return nil }
        return Int(text[text.index(after: colon)...])
    }

    /// Sends SIGTERM and waits for the process to exit, up to `limit`; returns whether it exited in time.
    @discardableResult
    func terminate(within limit: Duration = .seconds(20)) async -> Bool {
        guard process.isRunning else { return true }
        kill(process.processIdentifier, SIGTERM)
        return await eventually(within: limit) { !self.process.isRunning }
    }

    /// How many polls the server holds now, from its Prometheus metrics on the admin listener (no token);
    /// nil if it cannot be read. For waiting until a poll is really held, rather than sleeping.
    func heldPolls() async -> Int? {
        await metric("chat_held_polls").map { Int($0) }
    }

    /// A metric without labels, as `/metrics` on the admin listener (no token) says it now; nil if it cannot
    /// be read.
    func metric(_ name: String) async -> Double? {
        guard let reply = try? await LoopbackHTTP.request("GET", port: adminPort, path: "/metrics", from: "127.0.0.1", timeout: 5) else { return nil }
        let text = String(decoding: reply.body, as: UTF8.self)
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix(name + " ") }) else { return nil }
        return Double(line.split(separator: " ").last ?? "")
    }

    /// Kills the process at once, as a crash or power cut would (SIGKILL), and waits for it to be gone.
    func crash() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// Starts the binary again on the same data directory, which the new process then owns.
    func restart() async throws -> ServerProcess {
        if process.isRunning { await terminate() }
        ownsDirectory.withLockedValue { $0 = false }
        return try await ServerProcess(directory: directory, arguments: arguments, launcher: launcher)
    }

    /// Kills the process if it still runs and removes its directory (unless a restart took it over).
    func stop() {
        crash()
        if ownsDirectory.withLockedValue({ $0 }) {
            try? FileManager.default.removeItem(at: directory)
        }
    }

    deinit { stop() }
}

struct ServerProcessError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}
