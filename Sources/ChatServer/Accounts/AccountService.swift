import AdminAPI
import Foundation
import HummingbirdBcrypt
import NIOPosix

/// Accounts, passwords and tokens: creating and changing accounts, logging in and out, and turning a
/// presented token into an account. Passwords are bcrypt-hashed off the cooperative thread pool; tokens are
/// stored as SHA-256 hashes only.
actor AccountService {
    let store: any ControlStore
    private let clock: any ChatClock
    private let bcryptCost: UInt8
    /// How long a login token lasts.
    let loginLifetime: TimeInterval
    private var throttle = LoginThrottle()
    /// When each token's last use was last written, so a busy script does not cost a write per request.
    private var touched: [String: Date] = [:]
    /// How long a failed login waits before it is answered.
    let failureDelay: Duration
    /// A hash to verify against when the account does not exist, so a wrong name takes as long as a wrong password.
    private var decoyHash: String?
    /// Tokens lately presented, by hash, with their account as read: an admin request (a kick during a busy
    /// fan-out, say) then waits for no database read. Emptied by every change to an account or a token.
    private var recent: [String: (token: StoredToken, account: StoredAccount)] = [:]
    /// Counts those changes, so that a lookup under way while one happens does not put back what it read
    /// before it.
    private var changes: UInt64 = 0
    private static let recentLimit = 1024

    init(store: any ControlStore, clock: any ChatClock, bcryptCost: UInt8, loginLifetime: TimeInterval, failureDelay: Duration = .milliseconds(250)) {
        self.failureDelay = failureDelay
        self.store = store
        self.clock = clock
        self.bcryptCost = bcryptCost
        self.loginLifetime = loginLifetime
    }

    // MARK: Accounts

    func createAccount(username: String, password: String, role: Role) async throws -> StoredAccount {
        try Credentials.validateUsername(username)
        try Credentials.validatePassword(password)
        let account = StoredAccount(
            username: username,
            role: role,
            passwordHash: try await hash(password),
            createdAt: clock.now(),
            lastLoginAt: nil
        )
        do {
            try await store.createAccount(account)
        } catch let error as StoreError where error.kind == .conflict {
            throw AccountError(.accountExists, "an account named '\(username)' exists")
        }
        return account
    }

    func accounts() async throws -> [StoredAccount] {
        try await store.accounts()
    }

    func account(named name: String) async throws -> StoredAccount {
        guard let account = try await store.account(named: name) else { throw Self.noAccount(name) }
        return account
    }

    func updateAccount(named name: String, role: Role?, password: String?) async throws -> StoredAccount {
        guard role != nil || password != nil else {
            throw AccountError(.invalidRequest, "give a new role, a new password, or both")
        }
        forgetRecent()
        defer { forgetRecent() }
        if let password { try Credentials.validatePassword(password) }
        var hash: String?
        if let password { hash = try await self.hash(password) }
        do {
            guard let account = try await store.updateAccount(named: name, role: role, passwordHash: hash) else { throw Self.noAccount(name) }
            return account
        } catch let error as StoreError where error.kind == .lastAdmin {
            throw AccountError(.lastAdmin, error.message)
        }
    }

    func deleteAccount(named name: String) async throws {
        forgetRecent()
        defer { forgetRecent() }
        do {
            guard try await store.deleteAccount(named: name) else { throw Self.noAccount(name) }
        } catch let error as StoreError where error.kind == .lastAdmin {
            throw AccountError(.lastAdmin, error.message)
        }
    }

    /// Called before and after every change to an account or a token.
    private func forgetRecent() {
        recent.removeAll()
        changes &+= 1
    }

    private static func noAccount(_ name: String) -> AccountError {
        AccountError(.accountNotFound, "no account named '\(name)'")
    }

    // MARK: Logging in

    /// Checks a name and password and issues a login token. Attempts are limited as ``LoginThrottle`` says;
    /// over the limit every attempt is refused with `too_many_attempts` until the wait is over.
    func login(username: String, password: String, address: String) async throws -> (secret: String, token: StoredToken, account: StoredAccount) {
        let now = clock.now()
        let account = try await verify(username: username, password: password, address: address)
        let (secret, token) = try await issue(name: "login from \(address)", account: account.username, kind: .login, lifetime: loginLifetime)
        try await store.recordLogin(named: account.username, at: now)
        return (secret, token, account)
    }

    /// Checks a name and password under the same limits as a login, without issuing a token (a moderator
    /// signing in from the chat page).
    ///
    /// The attempt is counted before the password is checked, with no suspension in between, so parallel
    /// guesses are counted like serial ones; a right password gives the count back.
    func verify(username: String, password: String, address: String) async throws -> StoredAccount {
        let attempt: LoginThrottle.Attempt
        switch throttle.admit(address: address, account: username, at: clock.now()) {
        case .failure(let refusal):
            throw AccountError(.tooManyAttempts, "too many failed logins; try again in \(Int(refusal.retryAfter)) s", retryAfter: refusal.retryAfter)
        case .success(let admitted):
            attempt = admitted
        }
        let account = try await store.account(named: username)
        let matches = try await verify(password, hash: account?.passwordHash)
        guard let account, matches else {
            // Slowed as well as limited: a wrong guess costs the guesser a moment more than bcrypt does.
            try? await Task.sleep(for: failureDelay)
            throw AccountError(.invalidCredentials, "wrong account name or password")
        }
        throttle.succeeded(attempt, at: clock.now())
        return account
    }

    /// The token and account behind a presented secret, or `invalid_token`. The role is the account's
    /// current one, so a change of role applies to tokens already issued.
    func authenticate(secret: String) async throws -> (token: StoredToken, account: StoredAccount) {
        let now = clock.now()
        func refused(_ note: String) -> AccountError {
            AccountError(.invalidToken, "the token is unknown, expired or revoked; log in again", auditNote: note)
        }
        guard secret.hasPrefix(TokenSecret.prefix), secret.utf8.count < 200 else { throw refused("a malformed token of \(secret.utf8.count) bytes") }
        let hash = TokenSecret.hash(secret)
        let found: (token: StoredToken, account: StoredAccount)
        if let known = recent[hash] {
            found = known
        } else {
            let changesBefore = changes
            guard let token = try await store.token(hash: hash) else { throw refused("an unknown token, SHA-256 \(hash.prefix(12))…") }
            guard token.isValid(at: now) else { throw refused(Self.why(token, isInvalidAt: now)) }
            guard let account = try await store.account(named: token.account) else { throw refused("token \(token.id) of a deleted account") }
            found = (token, account)
            if changes == changesBefore {
                if recent.count >= Self.recentLimit { recent.removeAll() }
                recent[hash] = found
            }
        }
        // Expiry is checked on every use; revocation and account changes empty `recent`.
        guard found.token.isValid(at: now) else { throw refused(Self.why(found.token, isInvalidAt: now)) }
        let (token, account) = found
        if touched[token.id].map({ now.timeIntervalSince($0) >= 60 }) ?? true {
            touched[token.id] = now
            try? await store.touchToken(id: token.id, at: now)
        }
        return (token, account)
    }

    /// Which token was refused and why, for the audit line.
    private static func why(_ token: StoredToken, isInvalidAt now: Date) -> String {
        if let revoked = token.revokedAt { return "token \(token.id) of \(token.account), revoked at \(AdminJSON.formatTimestamp(revoked))" }
        if let expired = token.expiresAt, expired <= now {
            return "token \(token.id) of \(token.account), expired at \(AdminJSON.formatTimestamp(expired))"
        }
        return "token \(token.id) of \(token.account)"
    }

    // MARK: Tokens

    /// A named API token for scripts.
    func createToken(name: String, account: String, lifetime: TimeInterval?) async throws -> (secret: String, token: StoredToken) {
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        guard (1...64).contains(trimmed.count), !trimmed.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw AccountError(.invalidRequest, "a token name is 1 to 64 characters on one line")
        }
        if let lifetime, lifetime <= 0 || lifetime > 10 * 365 * 86400 {
            throw AccountError(.invalidRequest, "expires_in must be between 1 second and 10 years")
        }
        let owner = try await self.account(named: account)
        return try await issue(name: trimmed, account: owner.username, kind: .api, lifetime: lifetime)
    }

    func revokeToken(id: String) async throws -> StoredToken {
        forgetRecent()
        defer { forgetRecent() }
        guard let token = try await store.revokeToken(id: id, at: clock.now()) else {
            throw AccountError(.tokenNotFound, "no token with id '\(id)'")
        }
        return token
    }

    func token(id: String) async throws -> StoredToken {
        guard let token = try await store.token(id: id) else { throw AccountError(.tokenNotFound, "no token with id '\(id)'") }
        return token
    }

    func tokens(account: String?) async throws -> [StoredToken] {
        try await store.tokens(account: account, validAt: clock.now())
    }

    private func issue(name: String, account: String, kind: TokenInfo.Kind, lifetime: TimeInterval?) async throws -> (String, StoredToken) {
        let now = clock.now()
        let (secret, id) = TokenSecret.make()
        let token = StoredToken(
            id: id,
            hash: TokenSecret.hash(secret),
            name: name,
            account: account,
            kind: kind,
            createdAt: now,
            expiresAt: lifetime.map { now.addingTimeInterval($0) },
            lastUsedAt: nil,
            revokedAt: nil
        )
        try await store.createToken(token)
        return (secret, token)
    }

    // MARK: bcrypt, off the cooperative pool

    private func hash(_ password: String) async throws -> String {
        let cost = bcryptCost
        return try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(password, cost: cost) }
    }

    private func verify(_ password: String, hash: String?) async throws -> Bool {
        let target: String
        if let hash {
            target = hash
        } else {
            if decoyHash == nil { decoyHash = try await self.hash("decoy-password-for-timing") }
            target = decoyHash!
        }
        let matches = try await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(password, hash: target) }
        return matches && hash != nil
    }
}
