import HTTPTypes
import NIOCore

/// The state a fast lane keeps for its connection: the exchange it is answering, the connection's life,
/// and the router lane's part. Apart from the handler so that each reads on its own.
extension ChatFastLane {
    enum Route {
        case join, send, poll
        /// A request refused from its head alone (a body declared over the limit, a head over the header
        /// limit): answered once the router has answered what came before, then the connection closes
        /// without reading what follows.
        case refused(APIError)
    }

    /// The request this handler is answering.
    struct Exchange {
        let route: Route
        let head: HTTPRequest
        var body = ByteBuffer()
        var tooLarge = false
        /// The request's end has been read: what comes next is another request.
        var isRead = false
        /// Set while the poll is held.
        var poll: (session: SessionID, waiterID: UInt64)?
        /// The body is not read: the connection closes after the answer.
        var closesConnection = false
    }

    /// The connection's life, from the accept to the close.
    enum Life: Equatable {
        /// Answering requests.
        case serving
        /// Closing once nothing is left to answer: the server is shutting down (`quiescing`), the client will
        /// send nothing more (`inputClosed`: once what it sent is answered), or both.
        case draining(quiescing: Bool, inputClosed: Bool)
        /// Closing after a refusal: what the client still sends is dropped.
        case discarding
        /// The channel is inactive or the handler removed: nothing more is written.
        case gone

        var isActive: Bool { self != .gone }
        var isDiscarding: Bool { self == .discarding }
        var quiescing: Bool { if case .draining(true, _) = self { true } else { false } }
        var inputClosed: Bool { if case .draining(_, true) = self { true } else { false } }
        var isDraining: Bool { if case .draining = self { true } else { false } }

        /// The server starts shutting down, or the client ends its input (a refusal's close or a gone
        /// channel are not undone by either).
        mutating func drain(quiescing newQuiescing: Bool = false, inputClosed newInputClosed: Bool = false) {
            switch self {
            case .serving: self = .draining(quiescing: newQuiescing, inputClosed: newInputClosed)
            case .draining(let quiescing, let inputClosed):
                self = .draining(quiescing: quiescing || newQuiescing, inputClosed: inputClosed || newInputClosed)
            case .discarding, .gone: break
            }
        }
    }

    /// The router lane's part in the connection.
    struct RouterUse {
        /// Hummingbird's request loop has been opened on the connection.
        var isOpen = false
        /// Requests passed on to the router whose answer has not ended yet.
        var busy = 0
        /// A request's head was passed on to the router and its end not yet.
        var reading = false
        /// Parts were passed on outside a read from the socket (from ``heldBack``): the router takes them in
        /// when told the read is complete.
        var passedOnSinceReadComplete = false
    }
}
