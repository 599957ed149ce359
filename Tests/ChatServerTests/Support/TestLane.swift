import Foundation

/// Which lane the chat listeners of this test run serve join, send and poll on: CI runs the whole suite a
/// second time with `CHAT_FAST_LANE=off`, so every HTTP behaviour is checked on both. Tests of the fast
/// lane's own mechanisms (its delivery pumps) run only when it is on.
enum TestLane {
    static var isFast: Bool { ProcessInfo.processInfo.environment["CHAT_FAST_LANE"] != "off" }
}
