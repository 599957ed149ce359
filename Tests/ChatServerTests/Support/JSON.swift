import Foundation
import NIOCore

/// Parses a JSON object for assertions.
func jsonObject(_ bytes: some Sequence<UInt8>) throws -> [String: Any] {
    let data = Data(bytes)
    guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
        throw JSONShapeError(text: String(decoding: data, as: UTF8.self))
    }
    return object
}

func jsonObject(_ buffer: ByteBuffer) throws -> [String: Any] {
    try jsonObject(buffer.readableBytesView)
}

struct JSONShapeError: Error, CustomStringConvertible {
    let text: String
    var description: String { "not a JSON object: \(text)" }
}

extension Dictionary where Key == String, Value == Any {
    /// The `events` array of a poll response.
    var events: [[String: Any]] { self["events"] as? [[String: Any]] ?? [] }
    var errorCode: String? { (self["error"] as? [String: Any])?["code"] as? String }
    var cursor: UInt64? { (self["cursor"] as? NSNumber)?.uint64Value }
}

/// One event of a poll answer, decoded for assertions.
struct PolledEvent: Decodable, Sendable, Equatable {
    let seq: UInt64
    let type: String
    let nick: String?
    let text: String?
    let reason: String?
    let reconnect: Bool?
    let missed: Int?
    var removed: [UInt64]? = nil
}

/// A poll answer, decoded for assertions.
struct PollAnswer: Decodable, Sendable {
    let events: [PolledEvent]
    let cursor: UInt64

    init(_ bytes: some Sequence<UInt8>) throws {
        self = try JSONDecoder().decode(PollAnswer.self, from: Data(bytes))
    }
}
