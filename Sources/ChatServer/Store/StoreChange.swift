/// What another node changed in a shared store, as the wake-up it sends says (PostgreSQL `NOTIFY`): only a
/// hint to read the store again now rather than at the next regular look, never the change itself.
enum StoreChange: String, Sendable, CaseIterable {
    /// Bans, mutes, their lifts, overrides or the limits.
    case moderation
    /// Automod rules.
    case rules
}
