import AdminAPI
import ArgumentParser
import Foundation

/// `chatctl accounts list|add|remove|passwd|role`: admins only.
struct Accounts: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Manage operator and moderator accounts (admin only).",
        discussion: "The first admin is made through the control socket: chatctl accounts add NAME --role admin --password-stdin",
        subcommands: [List.self, Add.self, Remove.self, Passwd.self, SetRole.self],
        defaultSubcommand: List.self
    )

    struct List: AdminCommand {
        static let configuration = CommandConfiguration(abstract: "List the accounts.")
        @OptionGroup var globals: GlobalOptions

        func execute(client: AdminClient, output: Output) async throws(AdminClientError) {
            let list: AccountList = try await client.get(AdminPaths.accounts)
            output.show(list) { list in
                var table = Table("username", "role", "created", "last login")
                for account in list.accounts {
                    table.add(account.username, account.role.rawValue, Format.time(account.createdAt), Format.time(account.lastLoginAt))
                }
                return table
            }
        }
    }

    struct Add: AdminCommand {
        static let configuration = CommandConfiguration(abstract: "Create an account.")
        @OptionGroup var globals: GlobalOptions

        @Argument(help: "1 to 32 letters, digits, '_', '-' or '.'.")
        var username: String

        @Option(help: "admin or moderator.")
        var role: Role = .moderator

        @Flag(help: "Read the password from the first line of standard input.")
        var passwordStdin = false

        func execute(client: AdminClient, output: Output) async throws(AdminClientError) {
            guard let password = readPassword(passwordStdin, prompt: "Password for \(username): ") else { return }
            let account: AccountInfo = try await client.post(
                AdminPaths.accounts,
                CreateAccountRequest(username: username, password: password, role: role)
            )
            output.show(account) { "Created \($0.role.rawValue) \($0.username)." }
        }
    }

    struct Remove: AdminCommand {
        static let configuration = CommandConfiguration(abstract: "Delete an account and its tokens.")
        @OptionGroup var globals: GlobalOptions

        @Argument(help: "The account's name.", completion: .custom(LiveCompletion.accounts)) var username: String

        func execute(client: AdminClient, output: Output) async throws(AdminClientError) {
            try await client.delete(AdminPaths.account(username))
            output.done("Removed \(username).", ["username": username])
        }
    }

    struct Passwd: AdminCommand {
        static let configuration = CommandConfiguration(abstract: "Set an account's password.")
        @OptionGroup var globals: GlobalOptions

        @Argument(help: "The account's name.", completion: .custom(LiveCompletion.accounts)) var username: String

        @Flag(help: "Read the password from the first line of standard input.")
        var passwordStdin = false

        func execute(client: AdminClient, output: Output) async throws(AdminClientError) {
            guard let password = readPassword(passwordStdin, prompt: "New password for \(username): ") else { return }
            let account: AccountInfo = try await client.patch(AdminPaths.account(username), UpdateAccountRequest(password: password))
            output.show(account) { "Changed the password of \($0.username)." }
        }
    }

    struct SetRole: AdminCommand {
        static let configuration = CommandConfiguration(commandName: "role", abstract: "Change an account's role.")
        @OptionGroup var globals: GlobalOptions

        @Argument(help: "The account's name.", completion: .custom(LiveCompletion.accounts)) var username: String
        @Argument(help: "admin or moderator.") var role: Role

        func execute(client: AdminClient, output: Output) async throws(AdminClientError) {
            let account: AccountInfo = try await client.patch(AdminPaths.account(username), UpdateAccountRequest(role: role))
            output.show(account) { "\($0.username) is now \($0.role.rawValue)." }
        }
    }
}

extension Role: ExpressibleByArgument {}

/// A password from standard input or the terminal; nil (after saying why) when none was given.
func readPassword(_ fromStdin: Bool, prompt: String) -> String? {
    let password = fromStdin ? Terminal.readStdinLine() : Terminal.readSecret(prompt: prompt)
    guard let password, !password.isEmpty else {
        Terminal.error("chatctl: no password given")
        return nil
    }
    return password
}
