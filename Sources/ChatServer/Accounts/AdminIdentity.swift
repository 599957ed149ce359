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

    /// An account that proved itself with `token` (a login's or an API token) from `source`.
    static func account(_ account: StoredAccount, token: StoredToken, source: String) -> AdminIdentity {
        AdminIdentity(actor: account.username, role: account.role, source: source, account: account.username, token: token)
    }

    static func local(user: String) -> AdminIdentity {
        AdminIdentity(actor: "local:\(user)", role: .admin, source: "local", account: nil, token: nil)
    }
}
