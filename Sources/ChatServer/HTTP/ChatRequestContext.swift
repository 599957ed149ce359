import Hummingbird
import NIOCore

/// The request context of the chat listener: Hummingbird's core storage plus the connection, which the poll
/// route needs to notice a client that goes away and every route needs for the client's address
/// (``ClientOrigins``).
struct ChatRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    let channel: any Channel

    init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.channel = source.channel
    }

}
