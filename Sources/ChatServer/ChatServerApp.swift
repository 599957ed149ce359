import AdminAPI
import Foundation
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle
import UnixSignals

#if canImport(Glibc)
import Glibc
#endif

/// The whole server, built from one ``ServerConfiguration``: the room, the store, the accounts, the three
/// listeners (chat, admin API on TCP, control socket) and the maintenance service. Tests build exactly this.
struct ChatServerApp: Sendable {
    let configuration: ServerConfiguration
    let clock: any ChatClock
    let logger: Logger
    let room: Room
    let store: any ControlStore
    let accounts: AccountService
    let audit: AuditLog
    let metrics: ServerMetrics
    let moderation: ModerationService
    /// Connections of the chat listener, and of the two admin listeners.
    let connections = ConnectionRegistry()
    let adminConnections = ConnectionRegistry()
    /// The chat listener's answer pumps, one per event loop.
    let deliveryPumps = DeliveryPumps()
    /// The chat listener's connections per host and in all, against their caps.
    let hostConnections: HostConnections
    /// What the chat listener refused or cut off (exported by ``metrics``).
    var connectionCounters: ConnectionCounters { metrics.connectionCounters }
    /// The chat connections' deadlines, one sweeper per event loop.
    let connectionSweepers: ConnectionSweepers
    /// Where refusals are logged, at most every ten seconds per kind.
    let connectionLog: ThrottledLog
    /// Where each chat connection comes from (its peer, or a trusted proxy's PROXY header).
    let clientOrigins: ClientOrigins
    /// What both TCP listeners present, when they speak HTTPS.
    let certificate: ServerCertificate?
    let startedAt: Date
    /// This node's name and heartbeat, and the nodes sharing the store.
    let nodes: NodeRegistry

    /// - Parameter store: the control store; nil opens the SQLite file in the data directory.
    init(configuration: ServerConfiguration, clock: any ChatClock = SystemClock(), store: (any ControlStore)? = nil, logger: Logger? = nil) throws {
        self.configuration = configuration
        self.clock = clock
        var logger = logger ?? Logger(label: "chat-server")
        logger.logLevel = configuration.logLevel
        self.logger = logger
        let postOffice = PostOffice(clock: clock, pollTimeout: configuration.pollTimeout, mailboxCapacity: configuration.mailboxCapacity)
        self.room = Room(
            postOffice: postOffice,
            moderation: Moderation(clock: clock),
            clock: clock,
            idleTimeout: configuration.idleTimeout,
            historyLimit: configuration.historyLimit
        )
        if let store {
            self.store = store
        } else {
            try FileManager.default.createDirectory(atPath: configuration.dataDirectory, withIntermediateDirectories: true)
            try Self.makePrivate(configuration.dataDirectory, logger: logger)
            // A file named by --database-url may be elsewhere: its directory is made as the data directory is.
            let folder = URL(fileURLWithPath: configuration.databasePath).deletingLastPathComponent().path
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            self.store = try SQLiteStore(path: configuration.databasePath)
        }
        self.accounts = AccountService(
            store: self.store,
            clock: clock,
            bcryptCost: UInt8(configuration.bcryptCost),
            loginLifetime: configuration.loginLifetime
        )
        self.audit = AuditLog(store: self.store, clock: clock, node: configuration.resolvedNodeName, logger: logger)
        self.connectionLog = ThrottledLog(logger: logger)
        self.clientOrigins = ClientOrigins(
            proxyProtocol: configuration.proxyProtocol,
            trustedProxies: configuration.trustedProxyRanges,
            headerTimeout: Self.amount(configuration.headerTimeout)
        )
        self.certificate = try configuration.tlsCertificatePath.flatMap { certificate throws(ConfigurationError) in
            try configuration.tlsKeyPath.map { key throws(ConfigurationError) in try ServerCertificate(certificatePath: certificate, keyPath: key) }
        }
        self.startedAt = clock.now()
        self.hostConnections = HostConnections(
            moderation: room.moderation,
            exempt: configuration.trustedProxyRanges,
            budget: configuration.connectionBudget(openFiles: OpenFilesLimit.current)
        )
        let (room, connections) = (self.room, self.connections)
        self.nodes = NodeRegistry(
            name: configuration.resolvedNodeName,
            version: NodeRegistry.serverVersion,
            store: self.store.nodeStore,
            clock: clock,
            startedAt: startedAt,
            logger: logger
        ) { (room.memberCount, room.heldPolls, connections.count) }
        self.metrics = ServerMetrics(
            room: room,
            store: self.store,
            connections: connections,
            hostConnections: hostConnections,
            clock: clock,
            startedAt: startedAt,
            node: (nodes.name, nodes.version)
        )
        self.connectionSweepers = ConnectionSweepers(
            timeouts: ConnectionTimeouts(
                head: Self.amount(configuration.headerTimeout),
                body: Self.amount(configuration.bodyTimeout),
                idle: Self.amount(configuration.resolvedKeepAliveTimeout),
                write: Self.amount(configuration.writeTimeout)
            ),
            counters: metrics.connectionCounters
        )
        self.moderation = ModerationService(
            room: room,
            store: self.store,
            audit: audit,
            clock: clock,
            logger: logger,
            connections: hostConnections
        )
        // A session that ends while its answer waits behind a burst gets that answer, with its end, first.
        let pumps = deliveryPumps
        postOffice.watchEndings { pumps.promote($0) }
    }

    /// Puts the stored bans, mutes, overrides and limits back in force. Run before any listener opens.
    func prepare() async throws {
        try await moderation.load()
    }

    // MARK: Chat listener

    /// What both lanes of the chat listener answer join, send and poll with.
    private var chatEndpoints: ChatEndpoints {
        ChatEndpoints(
            room: room,
            maxBodyBytes: configuration.maxBodyBytes,
            addresses: ClientAddressResolver(origins: clientOrigins)
        )
    }

    /// The router of the chat listener: the page and the public API.
    func buildChatRouter() -> Router<ChatRequestContext> {
        let router = Router(context: ChatRequestContext.self, options: .autoGenerateHeadEndpoints)
        let routes = RouteTable()
        router.add(middleware: ErrorEnvelopeMiddleware(routes: routes))
        router.add(middleware: DeclaredBodyLimit(maxBodyBytes: configuration.maxBodyBytes))
        WebPageController().addRoutes(to: router)
        ChatController(endpoints: chatEndpoints, connections: connections, accounts: accounts, moderation: moderation, audit: audit)
            .addRoutes(to: router.group("api"))
        routes.fill(from: router)
        return router
    }

    /// What every accepted chat connection goes through first.
    private var connectionGate: ConnectionGate {
        ConnectionGate(connections: hostConnections, sweepers: connectionSweepers, log: connectionLog, origins: clientOrigins)
    }

    private static func amount(_ seconds: TimeInterval) -> TimeAmount {
        .milliseconds(Int64((seconds * 1000).rounded()))
    }

    /// The chat listener as a Hummingbird application.
    /// - Parameter onRunning: called with the bound address once listening (port 0 resolves here).
    func buildChatApplication(onRunning: @escaping @Sendable (SocketAddress?) async -> Void = { _ in }) -> some ApplicationProtocol {
        let connections = self.connections
        let endpoints = chatEndpoints
        let logger = self.logger
        let pumps = deliveryPumps
        let counters = connectionCounters
        let log = connectionLog
        let server: HTTPServerBuilder =
            configuration.fastLane
            ? .chat(gate: connectionGate, tls: certificate) { routerLane in
                [
                    connections.makeHandler(),
                    ChatFastLane(endpoints: endpoints, logger: logger, serverName: "chat-server", pumps: pumps, routerLane: routerLane),
                ]
            }
            : .plainChat(gate: connectionGate, maxBodyBytes: configuration.maxBodyBytes, tls: certificate) { [connections.makeHandler()] }
        return Application(
            router: buildChatRouter(),
            server: server,
            configuration: .init(
                address: .hostname(configuration.host, port: configuration.port),
                serverName: "chat-server",
                backlog: configuration.listenBacklog
            ),
            onServerRunning: { channel in
                // First in the listener's own pipeline, ahead of NIO's accept backoff, which keeps the errors.
                try? await channel.eventLoop.submit {
                    try channel.pipeline.syncOperations.addHandler(AcceptErrorWatch(counters: counters, log: log), position: .first)
                }.get()
                await onRunning(channel.localAddress)
            },
            eventLoopGroupProvider: .shared(Self.chatEventLoopGroup),
            logger: logger
        )
    }

    /// The chat listener's event loops: one per core the process may use. One per process, never shut down.
    static let chatEventLoopGroup = MultiThreadedEventLoopGroup(numberOfThreads: UsableCores.count)

    // MARK: Admin listeners

    /// The admin router, built once and served on both the TCP listener and the control socket.
    func buildAdminRouter() -> Router<AdminRequestContext> {
        let router = Router(context: AdminRequestContext.self)
        let routes = RouteTable()
        router.add(middleware: ErrorEnvelopeMiddleware(routes: routes))
        router.add(middleware: AdminAuditMiddleware(audit: audit))
        router.add(middleware: AdminAuthMiddleware(accounts: accounts, serverUID: geteuid()))
        let api = router.group(RouterPath(AdminPaths.prefix))
        AdminSessionController(accounts: accounts).addRoutes(to: api)
        AdminUsersController(room: room).addRoutes(to: api)
        AdminAccountsController(accounts: accounts).addRoutes(to: api)
        AdminTokensController(accounts: accounts).addRoutes(to: api)
        AdminModerationController(service: moderation).addRoutes(to: api)
        AdminMessagesController(service: moderation).addRoutes(to: api)
        AdminReportsController(service: moderation).addRoutes(to: api)
        AdminRulesController(service: moderation).addRoutes(to: api)
        let observability = AdminObservabilityController(
            room: room,
            store: store,
            chatConnections: connections,
            adminConnections: adminConnections,
            metrics: metrics,
            startedAt: startedAt,
            clock: clock,
            nodes: nodes
        )
        observability.addRoutes(to: api)
        observability.addRootRoutes(to: router)
        routes.fill(from: router)
        return router
    }

    /// The admin listeners' own event loop, apart from the chat's: a moderator's kick is read and answered at
    /// once even while the chat's loops are busy answering ten thousand polls. One per process, like NIO's
    /// own singleton group, and never shut down.
    static let adminEventLoopGroup = MultiThreadedEventLoopGroup(numberOfThreads: 1)

    /// Most connections each admin listener (TCP, socket) keeps open at once: together well inside the
    /// descriptor reserve, which is at least 256 (``ServerConfiguration/descriptorReserve``).
    static let maxAdminConnections = 96

    /// The admin API on a TCP address or a Unix socket, with one shared responder.
    func buildAdminApplication(
        responder: RouterResponder<AdminRequestContext>,
        address: BindAddress,
        isControlSocket: Bool = false,
        onRunning: @escaping @Sendable (SocketAddress?) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        let connections = adminConnections
        // Parser refusals get the envelope on TCP, where strangers and scanners send what they like; chatctl on
        // the socket only ever sends well-formed requests, and keeps Hummingbird's own handling.
        let isTCP = !isControlSocket
        return Application(
            responder: responder,
            server: .serving(tls: isTCP ? certificate : nil) { responder in
                HTTP1Channel(
                    responder: responder,
                    configuration: .init(
                        additionalChannelHandlers: isTCP ? [connections.makeHandler(), ParserErrorAnswer()] : [connections.makeHandler()]
                    )
                )
            },
            // Held within the descriptor reserve, so that neither admin listener can use up what the other,
            // or the database, needs: past it, new connections wait in the listen queue.
            configuration: .init(
                address: address,
                serverName: "chat-server",
                availableConnectionsDelegate: .maximum(Self.maxAdminConnections, logger: logger)
            ),
            onServerRunning: { channel in await onRunning(channel.localAddress) },
            eventLoopGroupProvider: .shared(Self.adminEventLoopGroup),
            logger: logger
        )
    }

    // MARK: Running

    /// The services in start order; graceful shutdown runs in reverse, so the room's maintenance (listed
    /// last) answers every held poll before the listeners drain.
    func buildServices() throws -> [any Service] {
        let logger = self.logger
        let socketPath = configuration.resolvedSocketPath
        do {
            try ControlSocket.prepare(path: socketPath)
        } catch {
            throw ConfigurationError(error.description)
        }
        let scheme = certificate == nil ? "http" : "https"
        func announce(_ name: String) -> @Sendable (SocketAddress?) async -> Void {
            { address in
                let shown: String
                switch address {
                case .unixDomainSocket: shown = socketPath
                case .some(let address): shown = "\(scheme)://\(address.ipAddress ?? "?"):\(address.port ?? 0)"
                case .none: shown = "?"
                }
                logger.notice("\(name) listening on \(shown)", metadata: ["chat.listener": "\(name)"])
                if name == "chat", let address, let port = address.port { nodes.listening(at: "\(address.ipAddress ?? "?"):\(port)") }
            }
        }
        let adminResponder = buildAdminRouter().buildResponder()
        return [
            CertificateReloader(certificate: certificate, logger: logger),
            buildChatApplication(onRunning: announce("chat")),
            buildAdminApplication(
                responder: adminResponder,
                address: .hostname(configuration.adminHost, port: configuration.adminPort),
                onRunning: announce("admin")
            ),
            buildAdminApplication(
                responder: adminResponder,
                address: .unixDomainSocket(path: socketPath),
                isControlSocket: true,
                onRunning: announce("control socket")
            ),
            NodeHeartbeat(
                registry: nodes,
                syncInterval: configuration.syncInterval,
                takeUpChanges: { [moderation] in await moderation.takeUpStoredChanges() },
                takeUpRules: { [moderation] in await moderation.takeUpStoredRules() }
            ),
            RoomMaintenance(
                room: room,
                moderation: moderation,
                audit: audit,
                auditRetention: configuration.auditRetention,
                tick: .milliseconds(250),
                logger: logger
            ),
        ]
    }

    /// Runs until SIGTERM or SIGINT, then shuts down gracefully.
    func run() async throws {
        let files = OpenFilesLimit.limits
        logger.notice(
            """
            open files: soft limit \(files.soft), hard limit \(files.hard); \
            the chat listener keeps at most \(hostConnections.budget) connections, the rest is reserved
            """,
            metadata: ["chat.connection_budget": "\(hostConnections.budget)"]
        )
        try await prepare()
        let group = ServiceGroup(
            configuration: .init(services: try buildServices(), gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        )
        try await group.run()
        await store.close()
    }

    /// Puts the data directory back to mode 0700 if it is wider: it holds password and token hashes. An
    /// older build, a package script or a careless `chmod` may have opened it.
    static func makePrivate(_ directory: String, logger: Logger) throws(StoreError) {
        let files = FileManager.default
        guard let mode = (try? files.attributesOfItem(atPath: directory))?[.posixPermissions] as? Int else { return }
        guard mode & 0o077 != 0 else { return }
        do {
            try files.setAttributes([.posixPermissions: 0o700], ofItemAtPath: directory)
        } catch {
            throw StoreError.unavailable(
                "the data directory \(directory) is open to other users (mode \(String(mode, radix: 8))) and cannot be made private: \(error.localizedDescription)"
            )
        }
        logger.warning(
            "the data directory was open to other users; made it private",
            metadata: [
                "chat.directory": "\(directory)", "chat.mode.was": "\(String(mode, radix: 8))", "chat.mode": "700",
            ]
        )
    }
}
