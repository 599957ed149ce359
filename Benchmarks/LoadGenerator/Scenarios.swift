import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix

/// What a scenario measured, printed as one JSON object for the driver and as lines for people.
struct Report: Codable {
    var scenario: String
    var target: String
    var figures: [String: Double] = [:]
    var notes: [String] = []
}

/// Shared helpers of the scenarios.
enum Bench {
    static func now() -> UInt64 { NIODeadline.now().uptimeNanoseconds }

    /// The generator's own CPU seconds (user + system), to tell when it, not the server, is the limit.
    static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }

    /// Resident memory of a process in KiB, from /proc.
    static func rssKiB(pid: Int32) -> Double? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix("VmRSS:") {
            return Double(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "")
        }
        return nil
    }

    /// Finds `"key":NUMBER` in a JSON body without parsing all of it.
    static func number(after key: String, in buffer: ByteBuffer) -> UInt64? {
        let bytes = buffer.readableBytesView
        let needle = Array(key.utf8)
        guard let start = search(needle, in: bytes) else { return nil }
        var value: UInt64 = 0
        var index = start + needle.count
        var digits = 0
        while index < bytes.endIndex, bytes[index] >= 48, bytes[index] <= 57 {
            value = value * 10 + UInt64(bytes[index] - 48)
            index += 1
            digits += 1
        }
        return digits > 0 ? value : nil
    }

    static func search(_ needle: [UInt8], in bytes: ByteBufferView, from: Int? = nil) -> Int? {
        var index = from ?? bytes.startIndex
        let last = bytes.endIndex - needle.count
        while index <= last {
            if bytes[index] == needle[0] {
                var match = true
                for offset in 1..<needle.count where bytes[index + offset] != needle[offset] {
                    match = false
                    break
                }
                if match { return index }
            }
            index += 1
        }
        return nil
    }

    /// Every `k=K t=T` marker in a body: the message number and its publication time.
    static func markers(in buffer: ByteBuffer) -> [(k: Int, t: UInt64)] {
        let bytes = buffer.readableBytesView
        var found: [(Int, UInt64)] = []
        var from = bytes.startIndex
        let needle = Array("k=".utf8)
        while let start = search(needle, in: bytes, from: from) {
            var index = start + 2
            var k = 0
            while index < bytes.endIndex, bytes[index] >= 48, bytes[index] <= 57 {
                k = k * 10 + Int(bytes[index] - 48)
                index += 1
            }
            index += 3  // " t="
            var t: UInt64 = 0
            while index < bytes.endIndex, bytes[index] >= 48, bytes[index] <= 57 {
                t = t * 10 + UInt64(bytes[index] - 48)
                index += 1
            }
            found.append((k, t))
            from = index
        }
        return found
    }

    /// The session token and cursor of a join answer, found without parsing the (possibly large) user list.
    static func session(in buffer: ByteBuffer) -> (token: String, cursor: UInt64)? {
        let view = buffer.readableBytesView
        let key = Array(#""session":""#.utf8)
        guard let start = search(key, in: view), let cursor = number(after: #""cursor":"#, in: buffer) else { return nil }
        let from = start + key.count
        guard let end = view[from...].firstIndex(of: UInt8(ascii: "\"")) else { return nil }
        return (String(decoding: view[from..<end], as: UTF8.self), cursor)
    }

    static func json(_ object: [String: String]) -> ByteBuffer {
        ByteBuffer(bytes: try! JSONSerialization.data(withJSONObject: object))
    }

    /// Waits for all futures, each a connection or a request, in batches so the server's accept queue is not flooded.
    static func inBatches<T>(_ count: Int, batch: Int = 500, _ make: (Int) -> EventLoopFuture<T>) throws -> [T] {
        var results: [T] = []
        results.reserveCapacity(count)
        var start = 0
        while start < count {
            let end = min(count, start + batch)
            let futures = (start..<end).map(make)
            for future in futures { results.append(try future.wait()) }
            start = end
        }
        return results
    }
}
