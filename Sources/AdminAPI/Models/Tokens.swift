import Foundation

/// A token as listed: never its secret.
public struct TokenInfo: Codable, Sendable, Equatable {
    /// Login tokens come from `login`; API tokens are named and made for scripts.
    public enum Kind: String, Codable, Sendable {
        case login
        case api
    }

    public var id: String
    public var name: String
    public var account: String
    public var kind: Kind
    public var createdAt: Date
    public var expiresAt: Date?
    public var lastUsedAt: Date?

    public init(id: String, name: String, account: String, kind: Kind, createdAt: Date, expiresAt: Date?, lastUsedAt: Date?) {
        self.id = id
        self.name = name
        self.account = account
        self.kind = kind
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.lastUsedAt = lastUsedAt
    }
}

/// `GET /admin/v1/tokens`
public struct TokenList: Codable, Sendable {
    public var tokens: [TokenInfo]
    public init(tokens: [TokenInfo]) { self.tokens = tokens }
}

/// `POST /admin/v1/tokens`: a named API token. `account` defaults to the caller's own; only admins may name
/// another, and on the control socket (which has no account) it is required.
public struct CreateTokenRequest: Codable, Sendable {
    public var name: String
    public var account: String?
    /// Lifetime in seconds; none means until revoked.
    public var expiresIn: Int?

    public init(name: String, account: String? = nil, expiresIn: Int? = nil) {
        self.name = name
        self.account = account
        self.expiresIn = expiresIn
    }
}

/// The answer to token creation: the only time the secret is shown.
public struct CreatedToken: Codable, Sendable {
    public var token: String
    public var info: TokenInfo
    public init(token: String, info: TokenInfo) {
        self.token = token
        self.info = info
    }
}
