import AdminAPI
import ArgumentParser

/// chatctl's documented exit codes (docs/chatctl.md). Usage errors are ArgumentParser's 64.
enum ExitStatus {
    static let ok: Int32 = 0
    /// The server refused or failed, for any reason not below.
    static let failure: Int32 = 1
    /// What was named (a nick, account, token) does not exist.
    static let notFound: Int32 = 2
    /// Not logged in, a bad token, a role that may not, or a stranger on the control socket.
    static let notAuthorized: Int32 = 3
    /// No server answered.
    static let unreachable: Int32 = 4
    static let usage: Int32 = 64

    /// The exit code for a failed request.
    static func code(for error: AdminClientError) -> Int32 {
        switch error {
        case .unreachable(_, let detail): detail == "permission denied" ? notAuthorized : unreachable
        case .refused(let status, _, _):
            switch status {
            case 401, 403: notAuthorized
            case 404: notFound
            default: failure
            }
        case .invalidResponse: failure
        }
    }
}

/// A failure already explained to the user: carries only the exit code.
struct CommandFailure: Error {
    let code: Int32
}
