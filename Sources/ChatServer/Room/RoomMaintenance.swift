import Logging
import ServiceLifecycle

/// The room's clockwork, one service: every tick it answers polls whose timeout passed; every second it
/// removes idle sessions, lifts moderation whose time is up and writes the counts of coalesced audit
/// lines; at start and every hour it prunes the audit log to its retention. On graceful shutdown it answers every held poll first, so the HTTP server behind it can drain
/// at once instead of waiting out the poll timeout.
struct RoomMaintenance: Service {
    let room: Room
    /// Lifts bans, mutes, overrides and temporary limits whose time is up.
    let moderation: ModerationService?
    var audit: AuditLog? = nil
    var auditRetention = AuditRetention.defaults
    let tick: Duration
    let logger: Logger

    func run() async throws {
        await withGracefulShutdownHandler {
            var ticks = 0
            await audit?.prune(auditRetention)
            let ticksPerHour = max(1, Int(3600 / (Double(tick.components.seconds) + Double(tick.components.attoseconds) / 1e18)))
            while !Task.isCancelled, !Task.isShuttingDownGracefully {
                do {
                    try await Task.sleep(for: tick)
                } catch {
                    break
                }
                room.postOffice.expireWaiters()
                ticks += 1
                if ticks % ticksPerHour == 0 { await audit?.prune(auditRetention) }
                if ticks % 4 == 0 {
                    await moderation?.expireDue()
                    await audit?.flush()
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
        await audit?.flush()
    }
}
