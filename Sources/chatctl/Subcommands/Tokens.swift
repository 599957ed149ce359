import AdminAPI
import ArgumentParser
import Foundation

/// `chatctl tokens list|create|revoke`
struct Tokens: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Manage API tokens for scripts.",
        subcommands: [List.self, Create.self, Revoke.self],
        defaultSubcommand: List.self
    )

    struct List: AdminCommand {
        static let configuration = CommandConfiguration(abstract: "List valid tokens (yours; an admin sees all).")
        @OptionGroup var globals: GlobalOptions

        @Option(help: "Only this account's tokens (admins).")
        var account: String?

        func execute(client: AdminClient, output: Output) async throws(AdminClientError) {
            let list: TokenList = try await client.get(AdminPaths.tokens, query: [("account", account)])
            output.show(list) { list in
                var table = Table("id", "name", "account", "kind", "created", "expires", "last used")
                for token in list.tokens {
                    table.add(
                        token.id,
                        token.name,
                        token.account,
                        token.kind.rawValue,
                        Format.time(token.createdAt),
                        Format.time(token.expiresAt),
                        Format.time(token.lastUsedAt)
                    )
                }
                return table
            }
        }
    }

    struct Create: AdminCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a named API token; its secret is shown once.",
            discussion: "Scripts use it as --token or CHATCTL_TOKEN with --server."
        )
        @OptionGroup var globals: GlobalOptions

        @Argument(help: "What the token is for.")
        var name: String

        @Option(help: "The account it acts as (default: yours; required on the control socket).")
        var account: String?

        @Option(name: .customLong("expires-in"), help: "Lifetime in seconds (default: until revoked).")
        var expiresIn: Int?

        func execute(client: AdminClient, output: Output) async throws(AdminClientError) {
            let created: CreatedToken = try await client.post(
                AdminPaths.tokens,
                CreateTokenRequest(name: name, account: account, expiresIn: expiresIn)
            )
            output.show(created) {
                "\($0.token)\n\nToken \($0.info.id) for \($0.info.account). Keep the secret above: it is not shown again."
            }
        }
    }

    struct Revoke: AdminCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a token by id.")
        @OptionGroup var globals: GlobalOptions

        @Argument(help: "The token's id (tok_…).", completion: .custom(LiveCompletion.tokens))
        var id: String

        func execute(client: AdminClient, output: Output) async throws(AdminClientError) {
            try await client.delete(AdminPaths.token(id))
            output.done("Revoked \(id).", ["id": id])
        }
    }
}
