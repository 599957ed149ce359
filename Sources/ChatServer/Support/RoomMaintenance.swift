import Logging
import ServiceLifecycle

/// The room's clockwork, one service: every tick it answers polls whose timeout passed; every second it
/// removes idle sessions and lifts moderation whose time is up. On graceful shutdown it answers every held poll first, so the HTTP server behind it can drain
/// at once instead of waiting out the poll timeout.
struct RoomMaintenance: Service {
    let room: Room
    /// Lifts bans, mutes, overrides and temporary limits whose time is up.
    let moderation: ModerationService?
    let tick: Duration
    let logger: Logger

    func run() async throws {
        await withGracefulShutdownHandler {
            var ticks = 0
            while !Task.isCancelled, !Task.isShuttingDownGracefully {
                do {
                    try await Task.sleep(for: tick)
                } catch {
                    break
                }
                room.postOffice.expireWaiters()
                ticks += 1
                if ticks % 4 == 0 {
                    await moderation?.expireDue()
                    let gone = room.expireIdle()
                    if !gone.isEmpty {
                        logger.info("idle sessions left", metadata: ["chat.nicks": "\(gone.map(\.display))"])
                    }
                }
            }
        } onGracefulShutdown: {
            room.postOffice.shutDown()
        }
        room.postOffice.shutDown()
    }
}
