import AdminAPI
import Foundation
import Hummingbird

/// `accounts`: admins only.
struct AdminAccountsController {
    let accounts: AccountService

    func addRoutes(to group: RouterGroup<AdminRequestContext>) {
        group.get("accounts", use: list)
        group.post("accounts", use: create)
        group.get("accounts/{name}", use: show)
        group.patch("accounts/{name}", use: update)
        group.delete("accounts/{name}", use: delete)
    }

    @Sendable func list(_ request: Request, context: AdminRequestContext) async throws -> Response {
        try context.require(.admin)
        return try AdminResponse.json(AccountList(accounts: try await accounts.accounts().map(\.info)))
    }

    @Sendable func create(_ request: Request, context: AdminRequestContext) async throws -> Response {
        var request = request
        let body = try await request.decodeAdmin(CreateAccountRequest.self)
        context.call.target = body.username
        context.call.reason = "role \(body.role.rawValue)"
        try context.require(.admin)
        let account = try await accounts.createAccount(username: body.username, password: body.password, role: body.role)
        return try AdminResponse.json(account.info, status: .created)
    }

    @Sendable func show(_ request: Request, context: AdminRequestContext) async throws -> Response {
        try context.require(.admin)
        return try AdminResponse.json(try await accounts.account(named: try context.parameters.require("name")).info)
    }

    @Sendable func update(_ request: Request, context: AdminRequestContext) async throws -> Response {
        try context.require(.admin)
        var request = request
        let body = try await request.decodeAdmin(UpdateAccountRequest.self)
        context.call.reason = [body.role.map { "role \($0.rawValue)" }, body.password.map { _ in "password changed" }]
            .compactMap { $0 }.joined(separator: ", ")
        let account = try await accounts.updateAccount(named: try context.parameters.require("name"), role: body.role, password: body.password)
        return try AdminResponse.json(account.info)
    }

    @Sendable func delete(_ request: Request, context: AdminRequestContext) async throws -> Response {
        try context.require(.admin)
        try await accounts.deleteAccount(named: try context.parameters.require("name"))
        return AdminResponse.noContent
    }
}
