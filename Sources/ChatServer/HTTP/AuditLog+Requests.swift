import Foundation

/// How the HTTP layer audits what a request did, one way for the admin API's middleware and the chat
/// page's sign-in and moderation.
extension AuditLog {
    /// What an audit line records for a refusal: the error's code as the client saw it.
    static func outcome(of error: any Error) -> String {
        APIError.from(error)?.code ?? "internal_error"
    }

    /// Runs `change` and writes its audit line: `ok`, or the code it was refused with (then rethrown).
    func recording<Value: Sendable>(
        actor: String,
        source: String,
        action: String,
        target: String?,
        reason: String?,
        _ change: () async throws -> Value
    ) async throws -> Value {
        do {
            let value = try await change()
            await record(actor: actor, source: source, action: action, target: target, reason: reason, outcome: "ok")
            return value
        } catch {
            await record(actor: actor, source: source, action: action, target: target, reason: reason, outcome: Self.outcome(of: error))
            throw error
        }
    }

    /// Runs a sign-in (`attempt` gives the account it signed in as) and writes its line as the admin API's
    /// login does: under that account when it succeeds; under `anonymous`, with the name tried as the target,
    /// when it does not (not signed in, so not that account).
    func recordingSignIn<Value: Sendable>(
        tried username: String,
        source: String,
        action: String,
        target: String?,
        reason: String,
        _ attempt: () async throws -> (account: String, value: Value)
    ) async throws -> Value {
        do {
            let (account, value) = try await attempt()
            await record(actor: account, source: source, action: action, target: target, reason: reason, outcome: "ok")
            return value
        } catch {
            await record(actor: "anonymous", source: source, action: action, target: username, reason: reason, outcome: Self.outcome(of: error))
            throw error
        }
    }
}
