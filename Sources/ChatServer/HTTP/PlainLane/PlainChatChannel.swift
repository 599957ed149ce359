import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import NIOHTTPTypes
import NIOHTTPTypesHTTP1

/// The chat listener without the fast lane (`--fast-lane off`): each connection goes through the same
/// ``ConnectionGate`` and ``ConnectionGuard`` as on the fast lane, then Hummingbird's own `HTTP1Channel`,
/// its router and ``ChatController`` for every request, held polls included. Slower and heavier per held
/// poll (a task and an async channel each), and kept for that reason: it is the plain path to compare the
/// fast lane with, and to fall back on.
struct PlainChatChannel: ServerChildChannel {
    struct Value: ServerChildChannelValue {
        let channel: any Channel
        /// Nil when the gate refused the connection: it is answered and closing.
        let http: HTTP1Channel.Value?
    }

    let http1: HTTP1Channel
    let gate: ConnectionGate

    /// - Parameter handlers: the handlers after the HTTP codec, fresh for each connection.
    init(
        responder: @escaping HTTPChannelHandler.Responder,
        gate: ConnectionGate,
        maxBodyBytes: Int,
        handlers: @escaping @Sendable () -> [any RemovableChannelHandler]
    ) {
        let limit = ChatChildChannel.maxHeaderBytes
        self.http1 = HTTP1Channel(
            responder: responder,
            configuration: .init(
                additionalChannelHandlers: handlers() + [ParserErrorAnswer(), PlainLaneRules(maxBodyBytes: maxBodyBytes)],
                httpDecoderConfiguration: .init(maxHeaderFieldSize: limit, maxHeaderListSize: limit)
            )
        )
        self.gate = gate
    }

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        let admitted = channel.eventLoop.makeCompletedFuture { try gate.guardConnection(channel) }
        return admitted.flatMap { admitted in
            guard admitted else { return channel.eventLoop.makeSucceededFuture(Value(channel: channel, http: nil)) }
            return http1.setup(channel: channel, logger: logger).flatMapThrowing { http in
                // Where the version and every Host field can still be seen, as on the fast lane.
                let pipeline = channel.pipeline.syncOperations
                try pipeline.addHandler(HTTP1RequestCheck(), position: .before(try pipeline.handler(type: HTTP1ToHTTPServerCodec.self)))
                return Value(channel: channel, http: http)
            }
        }
    }

    func handle(value: Value, logger: Logger) async {
        guard let http = value.http else { return }
        await http1.handle(value: http, logger: logger)
    }
}

extension HTTPServerBuilder {
    /// The chat listener's server without the fast lane: ``PlainChatChannel`` for each connection, behind
    /// TLS when there is a certificate.
    static func plainChat(
        gate: ConnectionGate,
        maxBodyBytes: Int,
        tls certificate: ServerCertificate?,
        handlers: @escaping @Sendable () -> [any RemovableChannelHandler]
    ) -> HTTPServerBuilder {
        .serving(tls: certificate) { responder in
            PlainChatChannel(responder: responder, gate: gate, maxBodyBytes: maxBodyBytes, handlers: handlers)
        }
    }
}
