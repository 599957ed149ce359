import Foundation

/// Why an account or token operation was refused. The HTTP layer gives each code its status.
struct AccountError: Error, Sendable, Equatable, CustomStringConvertible {
    enum Code: String, Sendable {
        case invalidUsername = "invalid_username"
        case weakPassword = "weak_password"
        case accountExists = "account_exists"
        case accountNotFound = "account_not_found"
        case tokenNotFound = "token_not_found"
        case invalidCredentials = "invalid_credentials"
        case invalidToken = "invalid_token"
        case tooManyAttempts = "too_many_attempts"
        case lastAdmin = "last_admin"
        case invalidRequest = "invalid_request"
    }

    let code: Code
    let message: String
    /// For `too_many_attempts`: when to try again.
    var retryAfter: TimeInterval?
    /// What the audit line should say of the refusal that the caller is not told (which token it was).
    var auditNote: String?

    init(_ code: Code, _ message: String, retryAfter: TimeInterval? = nil, auditNote: String? = nil) {
        self.code = code
        self.message = message
        self.retryAfter = retryAfter
        self.auditNote = auditNote
    }

    var description: String { message }
}
