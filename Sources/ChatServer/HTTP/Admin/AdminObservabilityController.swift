import AdminAPI
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// `stats`, `audit`, `events`, and, outside the versioned API, `/metrics` and `/healthz`.
struct AdminObservabilityController {
    let room: Room
    let store: any ControlStore
    let chatConnections: ConnectionRegistry
    let adminConnections: ConnectionRegistry
    let metrics: ServerMetrics
    let startedAt: Date
    let clock: any ChatClock
    let nodes: NodeRegistry

    func addRoutes(to group: RouterGroup<AdminRequestContext>) {
        group.get("stats", use: stats)
        group.get("nodes", use: listNodes)
        group.get("audit", use: audit)
        group.get("events", use: events)
    }

    func addRootRoutes(to router: Router<AdminRequestContext>) {
        router.get("metrics", use: prometheus)
        router.get("healthz", use: health)
    }

    @Sendable func stats(_ request: Request, context: AdminRequestContext) async throws -> Response {
        try context.require(.moderator)
        let now = clock.now()
        return try AdminResponse.json(
            Stats(
                people: room.memberCount,
                heldPolls: room.heldPolls,
                connections: chatConnections.count,
                messages: room.messagesTotal,
                lastSeq: room.lastSeq,
                startedAt: startedAt,
                uptimeSeconds: now.timeIntervalSince(startedAt),
                version: nodes.version
            )
        )
    }

    /// Every node sharing the store, this one first; 503 `store_unavailable` when the store cannot be read.
    @Sendable func listNodes(_ request: Request, context: AdminRequestContext) async throws -> Response {
        try context.require(.moderator)
        return try AdminResponse.json(NodeList(nodes: try await nodes.nodes()))
    }

    @Sendable func audit(_ request: Request, context: AdminRequestContext) async throws -> Response {
        try context.require(.moderator)
        let parameters = request.uri.queryParameters
        var query = AuditQuery()
        query.actor = parameters["actor"].map(String.init)
        query.action = parameters["action"].map(String.init)
        query.since = try parameters["since"].map { try Self.time(String($0), "since") }
        query.until = try parameters["until"].map { try Self.time(String($0), "until") }
        query.before = try parameters["before"].map { try Self.number(String($0), "before") }
        query.after = try parameters["after"].map { try Self.number(String($0), "after") }
        if let limit = parameters["limit"] {
            guard let value = Int(limit), (1...AuditQuery.maxLimit).contains(value) else {
                throw APIError(.badRequest, "invalid_query", "limit must be a whole number from 1 to \(AuditQuery.maxLimit)")
            }
            query.limit = value
        }
        let entries = try await store.audit(query)
        let more = query.after == nil && entries.count == query.limit
        return try AdminResponse.json(AuditPage(entries: entries, nextBefore: more ? entries.last?.id : nil))
    }

    /// A long poll of the room's and the moderators' events, like the chat's own.
    @Sendable func events(_ request: Request, context: AdminRequestContext) async throws -> Response {
        try context.require(.moderator)
        let since = try request.uri.queryParameters["since"].map { text -> UInt64 in
            guard let value = UInt64(text) else { throw APIError(.badRequest, "invalid_since", "'since' must be a whole number of 0 or more") }
            return value
        }
        let journal = room.journal
        let waiterID = room.makeWaiterID()
        let signal = adminConnections.signal(for: context.channel)
        signal?.onDisconnect { journal.abandon(waiterID: waiterID) }
        let batch = await journal.read(since: since, waiterID: waiterID) { signal?.isDisconnected ?? false }
        signal?.clearHandler()
        guard let batch else {
            throw RoomError(.shuttingDown, "the server is restarting: try again in a moment")
        }
        var events = batch.events.map { encoded in
            let event = encoded.event
            return RoomEvent(
                seq: encoded.seq,
                type: event.kind.rawValue,
                at: event.at,
                nick: event.nick,
                text: event.text,
                reason: event.reason ?? event.moderatorReason,
                actor: event.actor,
                expiresAt: event.expiresAt,
                missed: event.missed,
                removed: event.removed,
                report: event.report,
                message: event.message,
                reporter: event.reporter,
                reporters: event.reporters
            )
        }
        if batch.gap {
            events.insert(RoomEvent(seq: events.first.map { $0.seq - 1 } ?? batch.cursor, type: EventKind.gap.rawValue, at: clock.now()), at: 0)
        }
        return try AdminResponse.json(EventBatch(events: events, cursor: batch.cursor))
    }

    @Sendable func prometheus(_ request: Request, context: AdminRequestContext) async throws -> Response {
        Response(
            status: .ok,
            headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(bytes: metrics.render()))
        )
    }

    @Sendable func health(_ request: Request, context: AdminRequestContext) async throws -> Response {
        let storeOK = await store.ping()
        return try AdminResponse.json(
            Health(status: storeOK ? "ok" : "degraded", store: storeOK ? "ok" : "unavailable", node: nodes.name),
            status: storeOK ? .ok : .serviceUnavailable
        )
    }

    private static func time(_ text: String, _ name: String) throws -> Date {
        guard let date = AdminJSON.parseTimestamp(text) else {
            throw APIError(.badRequest, "invalid_query", "\(name) must be an RFC 3339 time such as 2026-11-27T10:00:00Z")
        }
        return date
    }

    private static func number(_ text: String, _ name: String) throws -> Int64 {
        guard let value = Int64(text), value >= 0 else { throw APIError(.badRequest, "invalid_query", "\(name) must be a whole number") }
        return value
    }
}
