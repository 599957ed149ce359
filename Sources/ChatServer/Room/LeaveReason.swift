/// Why a session left the room. The raw value is the `reason` of the leave event.
public enum LeaveReason: String, Sendable {
    /// The person pressed leave.
    case left
    /// Neither polled nor sent for the idle timeout.
    case idle
}
