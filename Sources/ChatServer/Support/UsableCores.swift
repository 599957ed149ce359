import Foundation
import NIOCore

/// How many cores this process may run on: NIO's count (which follows cgroup quotas) further limited by
/// the CPU affinity list, so that a server started under `taskset -c 0` runs one event loop rather than
/// one per core of the machine, each taking turns on the same core.
enum UsableCores {
    static let count: Int = {
        let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix("Cpus_allowed_list:") }
        let allowed = line.flatMap { count(inList: $0.dropFirst("Cpus_allowed_list:".count)) }
        return max(1, min(System.coreCount, allowed ?? .max))
    }()

    /// The number of CPUs in a list such as `0-3,8,10-11`; nil if it cannot be read.
    static func count(inList list: Substring) -> Int? {
        var total = 0
        for range in list.trimmingCharacters(in: .whitespaces).split(separator: ",") {
            let ends = range.split(separator: "-").map { Int($0) }
            switch ends.count {
            case 1:
                guard ends[0] != nil else { return nil }
                total += 1
            case 2:
                guard let low = ends[0], let high = ends[1], high >= low else { return nil }
                total += high - low + 1
            default:
                return nil
            }
        }
        return total > 0 ? total : nil
    }
}
