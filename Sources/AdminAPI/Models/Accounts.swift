import Foundation

/// An operator or moderator account. The password hash never leaves the server.
public struct AccountInfo: Codable, Sendable, Equatable {
    public var username: String
    public var role: Role
    public var createdAt: Date
    public var lastLoginAt: Date?

    public init(username: String, role: Role, createdAt: Date, lastLoginAt: Date?) {
        self.username = username
        self.role = role
        self.createdAt = createdAt
        self.lastLoginAt = lastLoginAt
    }
}

/// `GET /admin/v1/accounts`
public struct AccountList: Codable, Sendable {
    public var accounts: [AccountInfo]
    public init(accounts: [AccountInfo]) { self.accounts = accounts }
}

/// `POST /admin/v1/accounts`
public struct CreateAccountRequest: Codable, Sendable {
    public var username: String
    public var password: String
    public var role: Role
    public init(username: String, password: String, role: Role) {
        self.username = username
        self.password = password
        self.role = role
    }
}

/// `PATCH /admin/v1/accounts/{name}`: either or both.
public struct UpdateAccountRequest: Codable, Sendable {
    public var role: Role?
    public var password: String?
    public init(role: Role? = nil, password: String? = nil) {
        self.role = role
        self.password = password
    }
}
