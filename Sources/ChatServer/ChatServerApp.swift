import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import UnixSignals

/// The whole server, built from one ``ServerConfiguration``: the room, its listeners and its services.
/// Tests build exactly this.
struct ChatServerApp: Sendable {
    let configuration: ServerConfiguration
    let clock: any ChatClock
    let logger: Logger
    let room: Room
    let connections = ConnectionRegistry()

    init(configuration: ServerConfiguration, clock: any ChatClock = SystemClock(), logger: Logger? = nil) {
        self.configuration = configuration
        self.clock = clock
        var logger = logger ?? Logger(label: "chat-server")
        logger.logLevel = configuration.logLevel
        self.logger = logger
        let postOffice = PostOffice(clock: clock, pollTimeout: configuration.pollTimeout, mailboxCapacity: configuration.mailboxCapacity)
        self.room = Room(postOffice: postOffice, clock: clock, idleTimeout: configuration.idleTimeout, historyLimit: configuration.historyLimit)
    }

    /// The router of the chat listener: the page and the public API.
    func buildChatRouter() -> Router<ChatRequestContext> {
        let router = Router(context: ChatRequestContext.self)
        router.add(middleware: ErrorEnvelopeMiddleware(allowedMethods: WebPageController.routes.merging(ChatController.routes) { $1 }))
        WebPageController().addRoutes(to: router)
        ChatController(room: room, connections: connections, maxBodyBytes: configuration.maxBodyBytes)
            .addRoutes(to: router.group("api"))
        return router
    }

    /// The chat listener as a Hummingbird application.
    /// - Parameter onRunning: called with the bound address once listening (port 0 resolves here).
    func buildChatApplication(onRunning: @escaping @Sendable (SocketAddress?) async -> Void = { _ in }) -> some ApplicationProtocol {
        let connections = self.connections
        return Application(
            router: buildChatRouter(),
            server: .http1(configuration: .init(additionalChannelHandlers: [connections.makeHandler()])),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "chat-server"),
            onServerRunning: { channel in await onRunning(channel.localAddress) },
            logger: logger
        )
    }

    /// The services in start order; graceful shutdown runs in reverse, so the room's maintenance (listed
    /// last) answers every held poll before the listener drains.
    func buildServices() throws -> [any Service] {
        try FileManager.default.createDirectory(atPath: configuration.dataDirectory, withIntermediateDirectories: true)
        let logger = self.logger
        let chat = buildChatApplication { address in
            let shown = address.map { "\($0.ipAddress ?? "?"):\($0.port ?? 0)" } ?? "?"
            logger.notice("chat listening on http://\(shown)", metadata: ["chat.listener": "chat"])
        }
        return [chat, RoomMaintenance(room: room, tick: .milliseconds(250), logger: logger)]
    }

    /// Runs until SIGTERM or SIGINT, then shuts down gracefully.
    func run() async throws {
        let group = ServiceGroup(
            configuration: .init(services: try buildServices(), gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        )
        try await group.run()
    }
}
