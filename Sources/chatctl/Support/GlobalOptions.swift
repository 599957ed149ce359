import AdminAPI
import ArgumentParser
import AsyncHTTPClient
import Foundation

/// Where chatctl sends requests and how it prints answers. Every command takes these, before or after its
/// own name (`chatctl --output json users` and `chatctl users --output json` are the same).
struct GlobalOptions: ParsableArguments {
    enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
        case table
        case json
    }

    @Option(help: ArgumentHelp("The server's control socket (env CHATCTL_SOCKET; default ./data/run/control.sock).", valueName: "path"))
    var socket: String?

    @Option(help: ArgumentHelp("The admin API over TCP instead of the socket, e.g. http://127.0.0.1:8001 (env CHATCTL_SERVER).", valueName: "url"))
    var server: String?

    @Option(help: ArgumentHelp("API token for --server (env CHATCTL_TOKEN; default: the one stored by 'chatctl login').", valueName: "token"))
    var token: String?

    @Option(
        help: ArgumentHelp(
            "PEM file of the authorities to trust for an https --server, instead of the system's (env CHATCTL_CACERT).",
            valueName: "path"
        )
    )
    var cacert: String?

    @Option(name: [.customShort("o"), .long], help: "table for people, json for scripts.")
    var output: OutputFormat = .table

    /// The options that may stand before the command name, with whether they take a value.
    static let hoistable: [String: Bool] = [
        "--socket": true, "--server": true, "--token": true, "--cacert": true, "--output": true, "-o": true,
    ]

    /// Moves global options written before the command name to after it, where ArgumentParser reads them.
    static func hoist(_ arguments: [String]) -> [String] {
        var leading: [String] = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            let name = argument.split(separator: "=", maxSplits: 1).first.map(String.init) ?? argument
            guard let takesValue = hoistable[name] else { break }
            leading.append(argument)
            if takesValue, !argument.contains("="), index + 1 < arguments.count {
                leading.append(arguments[index + 1])
                index += 1
            }
            index += 1
        }
        guard index < arguments.count, !leading.isEmpty else { return arguments }
        // Keep a multi-word command path ("accounts add") together before the options.
        var rest = Array(arguments[index...])
        var commandPath: [String] = []
        while let first = rest.first, !first.hasPrefix("-"), commandPath.count < 2 {
            commandPath.append(first)
            rest.removeFirst()
        }
        return commandPath + leading + rest
    }

    /// Whether `word` is the value of a global option just before it (`--socket PATH`).
    static func isValue(of word: String, in arguments: [String]) -> Bool {
        guard let index = arguments.firstIndex(of: word), index > 0 else { return false }
        return hoistable[arguments[index - 1]] == true
    }

    var environment: [String: String] { ProcessInfo.processInfo.environment }

    /// The server URL, if TCP was asked for.
    var serverURL: String? { server ?? environment["CHATCTL_SERVER"] }

    /// Where requests go.
    func target() throws -> AdminTarget {
        if let url = serverURL {
            guard url.hasPrefix("http://") || url.hasPrefix("https://") else {
                throw ValidationError("--server takes a URL such as http://127.0.0.1:8001")
            }
            let stored = CredentialStore().entry(for: url)?.token
            return .server(url: url, token: token ?? environment["CHATCTL_TOKEN"] ?? stored)
        }
        if token != nil { throw ValidationError("--token goes with --server; the control socket needs none") }
        return .socket(path: socketPath)
    }

    var socketPath: String {
        if let socket { return socket }
        if let socket = environment["CHATCTL_SOCKET"] { return socket }
        let dataDirectory = environment["CHAT_DATA_DIR"] ?? "./data"
        return URL(fileURLWithPath: dataDirectory).appendingPathComponent("run/control.sock").path
    }

    func client() throws -> AdminClient {
        AdminClient(target: try target(), http: try httpClient())
    }

    /// The HTTP client for `--server`: the shared one, or one trusting `--cacert`'s authorities.
    func httpClient() throws -> HTTPClient {
        guard let path = cacert ?? environment["CHATCTL_CACERT"] else { return AdminClient.sharedHTTPClient }
        do {
            return try AdminClient.httpClient(trusting: path)
        } catch {
            throw ValidationError("--cacert: \(error)")
        }
    }
}
