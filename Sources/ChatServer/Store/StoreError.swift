/// Why the store refused. `unavailable` is the disk's doing (full, read-only, broken): the change did not
/// happen, and the caller is told so.
struct StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    enum Kind: Sendable, Equatable {
        case unavailable
        case conflict
        case lastAdmin
        /// The database was made by a newer chat-server: nothing is read or written.
        case incompatible
    }

    let kind: Kind
    let message: String

    static func unavailable(_ message: String) -> StoreError { StoreError(kind: .unavailable, message: message) }
    static func conflict(_ message: String) -> StoreError { StoreError(kind: .conflict, message: message) }
    static func incompatible(_ message: String) -> StoreError { StoreError(kind: .incompatible, message: message) }
    static let lastAdmin = StoreError(kind: .lastAdmin, message: "this is the last admin account; make another admin first")

    var description: String { message }
}
