import Foundation

/// Why a moderation request was refused. The HTTP layer gives each code its status.
package struct ModerationError: Error, Sendable, Equatable, CustomStringConvertible {
    enum Code: String, Sendable {
        case invalidTarget = "invalid_target"
        case invalidDuration = "invalid_duration"
        case invalidReason = "invalid_reason"
        case invalidLimit = "invalid_limit"
        /// A range too wide, or one that hits the caller: needs `force`.
        case needsForce = "needs_force"
        case notFound = "sanction_not_found"
        case overrideNotFound = "override_not_found"
        case reportNotFound = "report_not_found"
        case ruleNotFound = "rule_not_found"
        /// An automod rule that is incomplete, out of bounds, or too costly to match.
        case invalidRule = "invalid_rule"
        /// A report of one's own message, or of something that cannot be reported.
        case invalidReport = "invalid_report"
        case invalidAction = "invalid_action"
        /// The report was resolved already (or is being resolved).
        case reportClosed = "report_closed"
    }

    let code: Code
    let message: String

    init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    package var description: String { message }
}
