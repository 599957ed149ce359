import AdminAPI
import ArgumentParser
import Foundation

/// `chatctl login`: a login token for the admin API over TCP, kept for later commands.
struct Login: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Log in to a server's admin API and keep the token (mode 0600).",
        discussion: "The token is stored in $XDG_CONFIG_HOME/chatctl/credentials.json and used by later commands with the same --server."
    )

    @OptionGroup var globals: GlobalOptions

    @Option(name: [.short, .long], help: "Account name (default: $USER).")
    var username: String?

    @Flag(help: "Read the password from the first line of standard input.")
    var passwordStdin = false

    func validate() throws {
        guard globals.serverURL != nil else {
            throw ValidationError("login is for the admin API over TCP: give --server URL (the control socket needs no login)")
        }
    }

    func run() async throws {
        guard let server = globals.serverURL else { throw ExitCode(ExitStatus.usage) }
        let username = self.username ?? ProcessInfo.processInfo.environment["USER"] ?? ""
        let password = passwordStdin ? Terminal.readStdinLine() : Terminal.readSecret(prompt: "Password for \(username) at \(server): ")
        guard let password, !password.isEmpty else {
            Terminal.error("chatctl: no password given")
            throw ExitCode(ExitStatus.usage)
        }
        let client = AdminClient(target: .server(url: server, token: nil), http: try globals.httpClient())
        let response: LoginResponse
        do {
            response = try await client.post(AdminPaths.login, LoginRequest(username: username, password: password))
        } catch {
            Terminal.error("chatctl: \(Self.explainLogin(error, server: server))")
            throw ExitCode(ExitStatus.code(for: error))
        }
        do {
            try CredentialStore().save(.init(token: response.token, username: username, expiresAt: response.expiresAt), for: server)
        } catch {
            Terminal.error("chatctl: logged in, but the token could not be stored in \(CredentialStore().path.path): \(error)")
            throw ExitCode(ExitStatus.failure)
        }
        Output(format: globals.output).show(AdminAPI.WhoAmI(actor: username, role: response.role, source: server, expiresAt: response.expiresAt)) {
            "Logged in to \($0.source) as \($0.actor) (\($0.role.rawValue)) until \(Format.time($0.expiresAt))."
        }
    }

    private static func explainLogin(_ error: AdminClientError, server: String) -> String {
        if case .unreachable(_, let detail) = error { return "cannot reach \(server): \(detail)" }
        return error.description
    }
}

/// `chatctl logout`: revokes the stored token and forgets it.
struct Logout: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Revoke the stored login token and forget it.")

    @OptionGroup var globals: GlobalOptions

    func run() async throws {
        guard let server = globals.serverURL else {
            throw ValidationError("logout is for the admin API over TCP: give --server URL")
        }
        let store = CredentialStore()
        let token = globals.token ?? store.entry(for: server)?.token
        if let token {
            let http = try globals.httpClient()
            do {
                try await AdminClient(target: .server(url: server, token: token), http: http).post(AdminPaths.logout)
            } catch let error where error.status == 401 {
                // Already expired or revoked: forgetting it is all that is left to do.
            } catch {
                Terminal.error("chatctl: \(error)")
                throw ExitCode(ExitStatus.code(for: error))
            }
        }
        try store.save(nil, for: server)
        Output(format: globals.output).done(token == nil ? "Not logged in to \(server)." : "Logged out of \(server).")
    }
}

/// `chatctl whoami`
struct WhoAmICommand: AdminCommand {
    static let configuration = CommandConfiguration(commandName: "whoami", abstract: "Show who the server takes you for.")

    @OptionGroup var globals: GlobalOptions

    func execute(client: AdminClient, output: Output) async throws(AdminClientError) {
        let me: AdminAPI.WhoAmI = try await client.get(AdminPaths.whoami)
        output.show(me) { me in
            var text = "\(me.actor) (\(me.role.rawValue)) from \(me.source)"
            if let expires = me.expiresAt { text += ", token \(me.tokenId ?? "?") until \(Format.time(expires))" }
            return text
        }
    }
}
