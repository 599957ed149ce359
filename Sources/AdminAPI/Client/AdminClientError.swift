/// Why an admin request failed, in terms a command-line tool can turn into words and an exit code.
public enum AdminClientError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Nothing answered: no server, no socket, refused connection, timeout.
    case unreachable(target: String, detail: String)
    /// The server answered with an error envelope.
    case refused(status: Int, code: String, message: String)
    /// The server answered something that is not what the API promises.
    case invalidResponse(String)

    public var description: String {
        switch self {
        case .unreachable(let target, let detail): "cannot reach \(target): \(detail)"
        case .refused(_, _, let message): message
        case .invalidResponse(let detail): "the server's answer was not understood: \(detail)"
        }
    }

    /// The HTTP status of a refusal, if it was one.
    public var status: Int? {
        if case .refused(let status, _, _) = self { return status }
        return nil
    }

    /// The error code of a refusal, if it was one.
    public var code: String? {
        if case .refused(_, let code, _) = self { return code }
        return nil
    }
}
