/// The room's internal name for one joined session. Never shown to clients: they hold a ``SessionToken``.
public struct SessionID: Hashable, Sendable, CustomStringConvertible {
    public let rawValue: UInt64
    public init(_ rawValue: UInt64) { self.rawValue = rawValue }
    public var description: String { "s\(rawValue)" }
}
