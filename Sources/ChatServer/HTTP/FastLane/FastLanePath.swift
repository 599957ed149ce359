import HTTPTypes

/// The three requests the fast lane answers itself, in one table: the lean codec's head parser reads
/// their request lines, the fast lane routes them, and the router serves them under the same paths when a
/// connection is not on the fast lane.
enum FastLanePath: CaseIterable, Sendable {
    case join, send, poll

    var method: HTTPRequest.Method {
        switch self {
        case .join, .send: .post
        case .poll: .get
        }
    }

    /// The route's name under `/api`.
    var name: String {
        switch self {
        case .join: "join"
        case .send: "send"
        case .poll: "poll"
        }
    }

    /// The whole path.
    var path: String { "/api/" + name }

    /// The fast-lane request a method and path (without its query) name, if any.
    init?(method: HTTPRequest.Method, path: Substring) {
        guard let found = Self.allCases.first(where: { $0.method == method && $0.path == path }) else { return nil }
        self = found
    }
}
