import AdminAPI
import Hummingbird
import NIOConcurrencyHelpers
import NIOCore

/// The request context of both admin listeners (TCP and the control socket), which share one router.
struct AdminRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    let channel: any Channel
    /// Shared with the middlewares around the route: who called and what the handler says the audit should
    /// record. A reference, because the audit middleware sits outside the one that authenticates.
    let call = AdminCall()

    init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.channel = source.channel
    }

    var maxUploadSize: Int { 64 * 1024 }

    /// Whether the request came through the control socket.
    var isControlSocket: Bool {
        if case .unixDomainSocket = channel.localAddress { return true }
        return false
    }

    /// The peer's address, or `local` on the control socket.
    var source: String {
        isControlSocket ? "local" : (channel.remoteAddress?.ipAddress ?? "unknown")
    }

    /// The caller, or 401 if the route needs one and there is none.
    func identity() throws -> AdminIdentity {
        guard let identity = call.identity else {
            throw APIError(.unauthorized, "unauthorized", "log in first (chatctl login), or send 'Authorization: Bearer TOKEN'")
        }
        return identity
    }

    /// The caller, if their role includes `role`; else 403.
    @discardableResult
    func require(_ role: Role) throws -> AdminIdentity {
        let identity = try identity()
        guard identity.role.includes(role) else {
            throw APIError(.forbidden, "forbidden", "this needs the \(role.rawValue) role; \(identity.actor) is a \(identity.role.rawValue)")
        }
        return identity
    }
}

/// What one admin request has established: the caller, and what the audit line should name.
final class AdminCall: Sendable {
    private struct State {
        var identity: AdminIdentity?
        var claimedActor: String?
        var target: String?
        var reason: String?
    }

    private let state = NIOLockedValueBox(State())

    var identity: AdminIdentity? {
        get { state.withLockedValue { $0.identity } }
        set { state.withLockedValue { $0.identity = newValue } }
    }

    /// Who the caller says or seems to be when not authenticated (the name in a failed login, a stranger's uid).
    var claimedActor: String? {
        get { state.withLockedValue { $0.claimedActor } }
        set { state.withLockedValue { $0.claimedActor = newValue } }
    }

    var target: String? {
        get { state.withLockedValue { $0.target } }
        set { state.withLockedValue { $0.target = newValue } }
    }

    var reason: String? {
        get { state.withLockedValue { $0.reason } }
        set { state.withLockedValue { $0.reason = newValue } }
    }
}
