import AdminAPI
import Foundation

/// What the check on a message decided: refuse it now (with the person's words), and what is to be done
/// after, by ``ModerationService`` (store writes, audit lines), once the room's lock is let go.
package struct RuleVerdict: Sendable {
    package var refusal: RoomError?
    var followUps: [RuleFollowUp] = []

    static let none = RuleVerdict()
}

/// One rule's match on one message, to act on (or, in dry run, to record) after the check.
package struct RuleFollowUp: Sendable {
    let rule: AutomodRule
    /// The rule's action, or its escalation's.
    let action: AutomodRule.Action
    let duration: String?
    let escalated: Bool
    let dryRun: Bool
    let nick: Nick
    let text: String
    /// For a joins rule: the range to mute or ban, instead of the nick.
    var target: String? = nil
    /// The message's number, once it went out (remove, report); nil when it was refused.
    var seq: UInt64?
}
