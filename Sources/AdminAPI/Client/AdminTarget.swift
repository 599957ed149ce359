/// Where an ``AdminClient`` sends its requests.
public enum AdminTarget: Sendable, Equatable, CustomStringConvertible {
    /// The server's control socket: authenticated by the caller's uid, no token.
    case socket(path: String)
    /// The admin listener over TCP (`http://127.0.0.1:8001`), with a bearer token.
    case server(url: String, token: String?)

    public var description: String {
        switch self {
        case .socket(let path): "the control socket at \(path)"
        case .server(let url, _): url
        }
    }
}
