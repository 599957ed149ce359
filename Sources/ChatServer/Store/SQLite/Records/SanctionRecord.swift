import AdminAPI
import Foundation
import GRDB

/// A row of `sanction`: a ban or a mute, lifted or not.
struct SanctionRecord: SQLiteRecord, PersistableRecord {
    static let databaseTableName = "sanction"

    var id: String
    var kind: Sanction.Kind
    var target: String
    var address: String?
    var publicReason: String?
    var privateReason: String?
    var actor: String
    var createdAt: Date
    var expiresAt: Date?
    var liftedAt: Date?
    var liftedBy: String?

    enum Columns {
        static let createdAt = Column("created_at")
        static let expiresAt = Column("expires_at")
        static let liftedAt = Column("lifted_at")
        static let liftedBy = Column("lifted_by")
    }

    init(_ sanction: Sanction) {
        id = sanction.id
        kind = sanction.kind
        target = sanction.target
        address = sanction.address
        publicReason = sanction.publicReason
        privateReason = sanction.privateReason
        actor = sanction.actor
        createdAt = sanction.createdAt
        expiresAt = sanction.expiresAt
        liftedAt = sanction.liftedAt
        liftedBy = sanction.liftedBy
    }

    var sanction: Sanction {
        Sanction(
            id: id,
            kind: kind,
            target: target,
            address: address,
            publicReason: publicReason,
            privateReason: privateReason,
            actor: actor,
            createdAt: createdAt,
            expiresAt: expiresAt,
            liftedAt: liftedAt,
            liftedBy: liftedBy
        )
    }
}
