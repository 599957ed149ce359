import NIOConcurrencyHelpers
import NIOCore

/// The open connections of a listener, each with its ``ClientDisconnectSignal``.
///
/// Hummingbird's own inbound-close helper consumes the request stream, which closes the connection after
/// every held poll; watching for the close in a channel handler instead keeps keep-alive connections alive
/// and costs no task per poll.
final class ConnectionRegistry: Sendable {
    private let signals = NIOLockedValueBox<[ObjectIdentifier: ClientDisconnectSignal]>([:])

    /// The signal of a connection, if the connection is still known.
    func signal(for channel: any Channel) -> ClientDisconnectSignal? {
        signals.withLockedValue { $0[ObjectIdentifier(channel)] }
    }

    /// How many connections are open.
    var count: Int { signals.withLockedValue { $0.count } }

    fileprivate func register(_ channel: any Channel) -> ClientDisconnectSignal {
        let signal = ClientDisconnectSignal()
        signals.withLockedValue { $0[ObjectIdentifier(channel)] = signal }
        return signal
    }

    fileprivate func unregister(_ channel: any Channel) {
        signals.withLockedValue { $0[ObjectIdentifier(channel)] = nil }
    }

    /// A fresh handler for one connection's pipeline, as Hummingbird's `additionalChannelHandlers` wants.
    func makeHandler() -> any RemovableChannelHandler {
        DisconnectDetector(registry: self)
    }
}

/// Sits in each connection's pipeline after the HTTP decoder and fires the connection's signal when the
/// client half-closes (`inputClosed`), the connection drops, or an error breaks it. Passes everything on.
private final class DisconnectDetector: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = NIOAny

    private let registry: ConnectionRegistry
    private var signal: ClientDisconnectSignal?

    init(registry: ConnectionRegistry) {
        self.registry = registry
    }

    func handlerAdded(context: ChannelHandlerContext) {
        signal = registry.register(context.channel)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        signal?.fire()
        registry.unregister(context.channel)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let event = event as? ChannelEvent, event == .inputClosed {
            signal?.fire()
        }
        context.fireUserInboundEventTriggered(event)
    }

    func channelInactive(context: ChannelHandlerContext) {
        signal?.fire()
        registry.unregister(context.channel)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        signal?.fire()
        context.fireErrorCaught(error)
    }
}
