import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import NIOHTTPTypes

/// Hummingbird's HTTP/1 request loop and router, opened on a chat connection the first time the
/// ``ChatFastLane`` passes a request on (the page, sign-in, moderation, a request it cannot parse).
struct RouterLane: Sendable {
    let http1: HTTP1Channel

    init(responder: @escaping HTTPChannelHandler.Responder) {
        self.http1 = HTTP1Channel(responder: responder)
    }

    /// Adds the router's end to the connection's pipeline and starts the task that serves it until the
    /// connection closes. Call on the connection's event loop, before passing the first part on.
    func open(on channel: any Channel, logger: Logger) throws {
        let asyncChannel = try NIOAsyncChannel<HTTPRequestPart, HTTPResponsePart>(
            wrappingChannelSynchronously: channel,
            configuration: .init(isOutboundHalfClosureEnabled: true)
        )
        let http1 = self.http1
        Task { await http1.handle(value: asyncChannel, logger: logger) }
    }
}
