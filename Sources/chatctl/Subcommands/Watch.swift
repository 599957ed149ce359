import AdminAPI
import ArgumentParser
import Foundation

/// `chatctl watch`: follows room and moderation events until Ctrl-C.
struct Watch: AdminCommand {
    static let configuration = CommandConfiguration(
        abstract: "Follow room and moderation events as they happen, until Ctrl-C.",
        discussion: "With --output json, one event per line. A lost connection is retried with back-off."
    )

    @OptionGroup var globals: GlobalOptions

    @Option(help: "Start after this event number instead of now.")
    var since: UInt64?

    func execute(client: AdminClient, output: Output) async throws(AdminClientError) {
        var cursor = since
        var backoff = 1
        while !Task.isCancelled {
            do {
                let batch: EventBatch = try await client.get(AdminPaths.events, query: [("since", cursor.map(String.init))], timeout: .seconds(3600))
                backoff = 1
                for event in batch.events {
                    switch output.format {
                    case .json:
                        if let data = try? AdminJSON.encoder().encode(event) { print(String(decoding: data, as: UTF8.self)) }
                    case .table:
                        print(Format.event(event))
                    }
                }
                fflush(nil)
                cursor = batch.cursor
            } catch .unreachable(let target, let detail) {
                if Task.isCancelled { return }
                Terminal.error("chatctl: lost \(target) (\(detail)); retrying in \(backoff) s")
                try? await Task.sleep(for: .seconds(backoff))
                backoff = min(backoff * 2, 30)
            } catch .refused(let status, _, _) where status == 503 {
                try? await Task.sleep(for: .seconds(backoff))
                backoff = min(backoff * 2, 30)
            }
        }
    }
}
