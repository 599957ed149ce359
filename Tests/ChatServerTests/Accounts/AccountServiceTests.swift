import AdminAPI
import Foundation
import Synchronization
import Testing

@testable import ChatServer

@Suite("Accounts, passwords and tokens")
struct AccountServiceTests {
    let clock = ManualClock()

    func makeService() -> (AccountService, MemoryStore) {
        let store = MemoryStore()
        return (AccountService(store: store, clock: clock, bcryptCost: 4, loginLifetime: 3600), store)
    }

    func code(_ body: () async throws -> Void) async -> AccountError.Code? {
        do {
            try await body()
            return nil
        } catch let error as AccountError {
            return error.code
        } catch {
            return nil
        }
    }

    @Test("passwords are stored as bcrypt hashes, never as given")
    func hashed() async throws {
        let (service, store) = makeService()
        _ = try await service.createAccount(username: "root", password: "correct horse", role: .admin)
        let stored = try #require(try await store.account(named: "root"))
        #expect(stored.passwordHash.hasPrefix("$2"))
        #expect(!stored.passwordHash.contains("correct horse"))
    }

    @Test("weak, over-long and control-character passwords and bad names are refused")
    func rules() async {
        let (service, _) = makeService()
        #expect(await code { _ = try await service.createAccount(username: "root", password: "short", role: .admin) } == .weakPassword)
        #expect(
            await code { _ = try await service.createAccount(username: "root", password: String(repeating: "p", count: 73), role: .admin) }
                == .weakPassword
        )
        #expect(await code { _ = try await service.createAccount(username: "root", password: "tab\there123", role: .admin) } == .weakPassword)
        #expect(await code { _ = try await service.createAccount(username: "no spaces", password: "long enough", role: .admin) } == .invalidUsername)
        #expect(await code { _ = try await service.createAccount(username: "", password: "long enough", role: .admin) } == .invalidUsername)
    }

    @Test("login gives a token that expires; the token names the account and its current role")
    func loginAndAuthenticate() async throws {
        let (service, _) = makeService()
        _ = try await service.createAccount(username: "mod", password: "long enough", role: .moderator)
        let (secret, token, _) = try await service.login(username: "MOD", password: "long enough", address: "127.0.0.1")
        #expect(secret.hasPrefix("chat_"))
        #expect(token.expiresAt == clock.now().addingTimeInterval(3600))
        #expect(token.hash == TokenSecret.hash(secret))
        #expect(try await service.authenticate(secret: secret).account.role == .moderator)
        _ = try await service.updateAccount(named: "mod", role: .admin, password: nil)
        #expect(try await service.authenticate(secret: secret).account.role == .admin, "a role change applies to live tokens")
        clock.advance(by: 3601)
        #expect(await code { _ = try await service.authenticate(secret: secret) } == .invalidToken)
    }

    @Test("wrong passwords and unknown names get the same refusal")
    func wrongCredentials() async throws {
        let (service, _) = makeService()
        _ = try await service.createAccount(username: "mod", password: "long enough", role: .moderator)
        #expect(await code { _ = try await service.login(username: "mod", password: "wrong password", address: "a") } == .invalidCredentials)
        #expect(await code { _ = try await service.login(username: "ghost", password: "long enough", address: "a") } == .invalidCredentials)
    }

    @Test("failed logins from strangers are limited per account, even with the right password, until the wait is over")
    func throttledPerAccount() async throws {
        let (service, _) = makeService()
        _ = try await service.createAccount(username: "mod", password: "long enough", role: .moderator)
        for index in 0..<5 {
            #expect(await code { _ = try await service.login(username: "mod", password: "wrong", address: "10.0.0.\(index)") } == .invalidCredentials)
        }
        do {
            _ = try await service.login(username: "mod", password: "long enough", address: "10.0.0.9")
            Issue.record("the sixth attempt was let through")
        } catch let error as AccountError {
            #expect(error.code == .tooManyAttempts)
            #expect((error.retryAfter ?? 0) > 0)
        }
        clock.advance(by: 61)
        _ = try await service.login(username: "mod", password: "long enough", address: "10.0.0.9")
    }

    @Test("parallel guesses are counted like serial ones: at most five wrong ones reach the password check")
    func parallelGuesses() async throws {
        let (service, _) = makeService()
        _ = try await service.createAccount(username: "mod", password: "long enough", role: .moderator)
        let codes = await withTaskGroup(of: AccountError.Code?.self) { group in
            for index in 0..<30 {
                group.addTask {
                    await code { _ = try await service.login(username: "mod", password: index == 29 ? "long enough" : "wrong", address: "10.0.0.1") }
                }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        // A right password gives its attempt back, so a wrong one may take it: at most five wrong are checked.
        let wrong = codes.filter { $0 == .invalidCredentials }.count
        let right = codes.filter { $0 == nil }.count
        #expect(wrong <= 5, "\(codes)")
        #expect(right <= 1)
        #expect(codes.filter { $0 == .tooManyAttempts }.count == 30 - wrong - right)
    }

    @Test("revoked tokens stop working at once")
    func revoke() async throws {
        let (service, _) = makeService()
        _ = try await service.createAccount(username: "root", password: "long enough", role: .admin)
        let (secret, token) = try await service.createToken(name: "ci", account: "root", lifetime: nil)
        #expect(try await service.authenticate(secret: secret).token.id == token.id)
        _ = try await service.revokeToken(id: token.id)
        #expect(await code { _ = try await service.authenticate(secret: secret) } == .invalidToken)
        #expect(await code { _ = try await service.revokeToken(id: "tok_missing") } == .tokenNotFound)
    }

    @Test("a deleted account's tokens stop working at once, though just used")
    func deleteAccount() async throws {
        let (service, _) = makeService()
        _ = try await service.createAccount(username: "root", password: "long enough", role: .admin)
        _ = try await service.createAccount(username: "mod", password: "long enough", role: .moderator)
        let (secret, _) = try await service.createToken(name: "ci", account: "mod", lifetime: nil)
        #expect(try await service.authenticate(secret: secret).account.username == "mod")
        try await service.deleteAccount(named: "mod")
        #expect(await code { _ = try await service.authenticate(secret: secret) } == .invalidToken)
    }

    @Test("a lookup under way while its token is revoked does not keep the token alive")
    func revokeDuringLookup() async throws {
        let (arrived, arrival) = AsyncStream.makeStream(of: Void.self)
        let (released, release) = AsyncStream.makeStream(of: Void.self)
        let holding = ManagedFlag()
        let store = MemoryStore(afterTokenLookup: {
            guard holding.take() else { return }  // only the first lookup after `set` waits
            arrival.yield()
            for await _ in released { break }
        })
        let service = AccountService(store: store, clock: clock, bcryptCost: 4, loginLifetime: 3600)
        _ = try await service.createAccount(username: "root", password: "long enough", role: .admin)
        let (secret, token) = try await service.createToken(name: "ci", account: "root", lifetime: nil)
        holding.set()
        // The lookup reads the token, still valid, and waits; the token is revoked meanwhile.
        let lookup = Task { try await service.authenticate(secret: secret) }
        for await _ in arrived { break }
        _ = try await service.revokeToken(id: token.id)
        release.yield()
        _ = try? await lookup.value  // it began before the revocation: either answer is fair
        #expect(await code { _ = try await service.authenticate(secret: secret) } == .invalidToken)
    }

    @Test("garbage tokens are refused without a lookup", arguments: ["", "Bearer", "chat_", "x" + String(repeating: "a", count: 500), "chat_\u{0}"])
    func garbage(_ secret: String) async {
        let (service, _) = makeService()
        #expect(await code { _ = try await service.authenticate(secret: secret) } == .invalidToken)
    }

    @Test("roles: admin includes moderator, not the other way round")
    func roles() {
        #expect(Role.admin.includes(.moderator))
        #expect(Role.admin.includes(.admin))
        #expect(!Role.moderator.includes(.admin))
    }
}

@Suite("Login throttle")
struct LoginThrottleTests {
    let start = Date(timeIntervalSince1970: 0)

    func admitted(_ throttle: inout LoginThrottle, _ address: String, _ account: String, at time: Date? = nil) -> LoginThrottle.Attempt? {
        try? throttle.admit(address: address, account: account, at: time ?? start).get()
    }

    @Test("a source gets a burst of attempts over all accounts, then waits for the bucket to refill")
    func perSource() {
        var throttle = LoginThrottle(perSource: .init(burst: 3, refill: 10))
        for index in 0..<3 { #expect(admitted(&throttle, "a", "u\(index)") != nil) }
        #expect(throttle.admit(address: "a", account: "other", at: start) == .failure(.init(retryAfter: 10)))
        #expect(admitted(&throttle, "b", "other") != nil, "other sources are not affected")
        #expect(admitted(&throttle, "a", "other", at: start.addingTimeInterval(10)) != nil)
    }

    @Test("the attempt is taken before the check: five admitted in a row, the sixth waits, whatever the passwords")
    func countedBeforeTheCheck() {
        var throttle = LoginThrottle()
        let attempts = (0..<5).compactMap { _ in admitted(&throttle, "192.0.2.1", "root") }
        #expect(attempts.count == 5)
        #expect(admitted(&throttle, "192.0.2.1", "root") == nil)
        throttle.succeeded(attempts[0], at: start)
        #expect(admitted(&throttle, "192.0.2.1", "root") != nil, "a right password gives its attempt back")
    }

    @Test("strangers use up the account's bucket only for strangers; a source that logged in before is not held back")
    func strangersCannotLockOut() throws {
        var throttle = LoginThrottle()
        let owner = try #require(admitted(&throttle, "192.0.2.1", "Root"))
        throttle.succeeded(owner, at: start)
        for index in 0..<5 { #expect(admitted(&throttle, "198.51.100.\(index)", "root") != nil) }
        #expect(admitted(&throttle, "198.51.100.200", "root") == nil, "a sixth stranger waits")
        #expect(admitted(&throttle, "192.0.2.1", "ROOT") != nil, "the owner's source gets in, in any case")
        #expect(admitted(&throttle, "198.51.100.200", "someone-else") != nil, "other accounts are not affected")
    }

    @Test("an IPv6 host is its /64: rotating addresses inside it gains nothing")
    func ipv6Sources() {
        var throttle = LoginThrottle()
        for index in 1...5 { #expect(admitted(&throttle, "2001:db8:1:2::\(index)", "root") != nil) }
        #expect(admitted(&throttle, "2001:db8:1:2:ffff::1", "root") == nil)
        #expect(SourceKey.of("2001:db8:1:2:3:4:5:6") == "2001:db8:1:2::/64")
        #expect(SourceKey.of("192.0.2.7") == "192.0.2.7")
    }

    @Test("memory stays bounded under a spray of sources and of long names")
    func bounded() {
        var throttle = LoginThrottle(capacity: 100)
        for index in 0..<1000 {
            _ = admitted(&throttle, "10.0.\(index / 256).\(index % 256)", "x")
            _ = admitted(&throttle, "10.1.0.1", String(repeating: "n", count: 60_000) + "\(index)")
        }
        #expect(throttle.trackedKeys <= 100)
        // The account sprayed at is still remembered and limited: its bucket is the emptiest, not forgotten.
        #expect(admitted(&throttle, "192.0.2.1", "x") == nil)
    }
}

/// A flag one task sets and another takes (reads and clears).
private final class ManagedFlag: Sendable {
    private let value = Mutex(false)
    func set() { value.withLock { $0 = true } }
    func take() -> Bool {
        value.withLock { value in
            defer { value = false }
            return value
        }
    }
}
