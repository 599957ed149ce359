import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1

/// How the chat listener sets up each connection: the ``ConnectionGate`` first (the host's connection cap,
/// the listener's budget; after the PROXY header, from a trusted proxy that sends one), then the ``ConnectionGuard`` (deadlines, backpressure), the ``LeanHTTP1Codec``
/// (which hands the connection to NIO's HTTP/1 codec on the first request it does not read itself),
/// the disconnect detector and, at the end of the pipeline, the ``ChatFastLane``, which tells the guard where
/// requests and answers begin and end.
///
/// Hummingbird's own `HTTP1Channel` gives every connection a task and a `NIOAsyncChannel` for as long as
/// it is open, about 12 KiB; ten thousand people holding polls would pay that ten thousand times. Here a
/// connection that only joins, sends and polls costs its channel and handlers and nothing more. The first
/// request the fast lane cannot answer opens the ``RouterLane`` on that connection, which from then on
/// serves it exactly as `HTTP1Channel` would.
struct ChatChildChannel: ServerChildChannel {
    struct Value: ServerChildChannelValue {
        let channel: any Channel
    }

    let routerLane: RouterLane
    /// Whether an accepted connection may stay, and the deadlines it is under.
    let gate: ConnectionGate
    /// The handlers between the codec and the end of the pipeline, fresh for each connection.
    let makeHandlers: @Sendable (RouterLane) -> [any RemovableChannelHandler]

    /// The largest request head the chat listener reads: a browser's requests are a few KiB, cookies and
    /// all; beyond this the answer is 431 and the connection closes.
    static let maxHeaderBytes = 16 * 1024

    /// The limits of NIO's parser once it takes over a connection: Hummingbird's, with the head held to
    /// ``maxHeaderBytes``.
    static let decoderLimits: NIOHTTPDecoderLimitConfiguration = {
        let limits = HTTP1Channel.Configuration().httpDecoder
        var decoderLimits = NIOHTTPDecoderLimitConfiguration()
        decoderLimits.maxHeaderFieldSize = min(limits.maxHeaderFieldSize, maxHeaderBytes)
        decoderLimits.maxHeaderListSize = min(limits.maxHeaderListSize, maxHeaderBytes)
        decoderLimits.maxHeaderFieldCount = limits.maxHeaderFieldCount
        return decoderLimits
    }()

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        channel.eventLoop.makeCompletedFuture {
            // Refused at accept: answered and closing, with nothing more in its pipeline.
            guard try gate.guardConnection(channel) else { return Value(channel: channel) }
            let pipeline = channel.pipeline.syncOperations
            try pipeline.addHandler(LeanHTTP1Codec(decoderLimits: Self.decoderLimits))
            try pipeline.addHandlers(makeHandlers(routerLane))
            return Value(channel: channel)
        }
    }

    /// Nothing to wait for: the connection lives in its pipeline, and the router lane, once opened, in a
    /// task of its own. The server's graceful shutdown still waits for every connection to close.
    func handle(value: Value, logger: Logger) async {}
}

extension HTTPServerBuilder {
    /// The chat listener's server: each connection set up by ``ChatChildChannel``, with `makeHandlers`
    /// between the codec and the end of the pipeline, and the application's router behind the fast lane;
    /// behind TLS when there is a certificate.
    static func chat(
        gate: ConnectionGate,
        tls certificate: ServerCertificate?,
        makeHandlers: @escaping @Sendable (RouterLane) -> [any RemovableChannelHandler]
    ) -> HTTPServerBuilder {
        .serving(tls: certificate) { responder in
            ChatChildChannel(routerLane: RouterLane(responder: responder), gate: gate, makeHandlers: makeHandlers)
        }
    }
}
