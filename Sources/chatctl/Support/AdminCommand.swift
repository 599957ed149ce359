import AdminAPI
import ArgumentParser
import Foundation

/// What every chatctl command that talks to the server shares: the global options, and turning a failed
/// request into a sentence on standard error and a documented exit code, never a stack trace.
protocol AdminCommand: AsyncParsableCommand {
    var globals: GlobalOptions { get }
    /// The command's work.
    func execute(client: AdminClient, output: Output) async throws(AdminClientError)
}

extension AdminCommand {
    func run() async throws {
        let client = try globals.client()
        do {
            try await execute(client: client, output: Output(format: globals.output))
        } catch {
            Terminal.error("chatctl: \(Self.explain(error, target: client.target))")
            throw ExitCode(ExitStatus.code(for: error))
        }
    }

    /// What failed, and what to do about it.
    static func explain(_ error: AdminClientError, target: AdminTarget) -> String {
        switch error {
        case .unreachable(_, let detail):
            switch target {
            case .socket(let path) where detail == "permission denied":
                return "permission denied on the control socket at \(path): run chatctl as the server's user or root, or use --server URL."
            case .socket(let path):
                return "cannot reach the control socket at \(path) (\(detail)): is chat-server running? Use --socket PATH, or --server URL."
            case .server(let url, _):
                return "cannot reach \(url) (\(detail)): is chat-server running, and is this its admin address?"
            }
        case .refused(let status, let code, let message):
            var text = message
            if status == 401, case .server = target {
                text += code == "invalid_token" ? ". Run 'chatctl login --server URL' again." : ". Run 'chatctl login --server URL' first."
            }
            return text
        case .invalidResponse(let detail):
            return "the server's answer was not understood (\(detail)); are chatctl and chat-server the same version?"
        }
    }
}
