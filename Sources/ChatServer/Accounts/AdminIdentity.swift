import AdminAPI
import Foundation

/// Who is calling the admin API, as established by the listener: an account through a token on TCP, or the
/// local operator on the control socket.
struct AdminIdentity: Sendable, Equatable {
    /// The account name, or `local:<user>` on the control socket.
    let actor: String
    let role: Role
    /// The peer's address, or `local`.
    let source: String
    /// The account behind the identity; nil on the control socket.
    let account: String?
    let token: StoredToken?

    static func local(user: String) -> AdminIdentity {
        AdminIdentity(actor: "local:\(user)", role: .admin, source: "local", account: nil, token: nil)
    }
}
