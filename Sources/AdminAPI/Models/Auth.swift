import Foundation

/// `POST /admin/v1/login`
public struct LoginRequest: Codable, Sendable {
    public var username: String
    public var password: String
    public init(username: String, password: String) {
        self.username = username
        self.password = password
    }
}

/// The answer to a login: a session token that expires.
public struct LoginResponse: Codable, Sendable {
    public var token: String
    public var role: Role
    public var expiresAt: Date
    public init(token: String, role: Role, expiresAt: Date) {
        self.token = token
        self.role = role
        self.expiresAt = expiresAt
    }
}

/// `GET /admin/v1/whoami`: who the server takes the caller for.
public struct WhoAmI: Codable, Sendable {
    /// `alice` for an account, `local:root` on the control socket.
    public var actor: String
    public var role: Role
    /// The caller's address, or `local` on the control socket.
    public var source: String
    /// The id of the token used, if any.
    public var tokenId: String?
    /// When that token expires, if it does.
    public var expiresAt: Date?

    public init(actor: String, role: Role, source: String, tokenId: String? = nil, expiresAt: Date? = nil) {
        self.actor = actor
        self.role = role
        self.source = source
        self.tokenId = tokenId
        self.expiresAt = expiresAt
    }
}
