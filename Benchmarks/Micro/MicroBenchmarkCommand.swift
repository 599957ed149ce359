import ArgumentParser
import Foundation

/// `chat-microbench`: the hot-path micro-benchmarks, apart from the shipped server. Build in release mode
/// for meaningful figures.
@main
struct MicroBenchmarkCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chat-microbench",
        abstract: "Measure the ban, rate-limit and host-cap checks, and the chat codecs (run with swift run -c release).",
        discussion:
            "Prints nanoseconds per check (per request and answer for a codec), the median of several rounds with the fastest and slowest. Asserts nothing."
    )

    @Option(help: "Bans in force while measuring.") var bans = 100_000
    @Option(help: "Rounds per figure.") var rounds = 7
    @Option(help: "Checks per round.") var iterations = 1_000_000

    func validate() throws {
        guard bans >= 0, rounds >= 1, iterations >= 1 else { throw ValidationError("bans, rounds and iterations must be positive") }
    }

    func run() {
        #if DEBUG
        print("note: this is a debug build; use `swift run -c release chat-microbench` for real figures")
        #endif
        let benchmarks = MicroBenchmarks(bans: bans, rounds: rounds, iterations: iterations)
        print("chat-microbench: \(rounds) rounds of \(iterations) checks, \(ProcessInfo.processInfo.activeProcessorCount) cores")
        for figure in benchmarks.run() {
            let (low, high) = figure.spread
            let name = figure.name.padding(toLength: 62, withPad: " ", startingAt: 0)
            print("  \(name) \(String(format: "%8.1f ns  (%.1f … %.1f)", figure.median, low, high))")
        }
    }
}
