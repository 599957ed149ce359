import AdminAPI
import Foundation

/// libFuzzer's entry: arbitrary bytes go to every decoder and parser of admin input, as a request body
/// and as a bare field value. A trap, an overflow or a memory error anywhere is a crash libFuzzer reports;
/// the only other rule checked is that what parses prints back to itself.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzAdminInput(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let data = Data(bytes: bytes, count: count)
    let text = String(decoding: data, as: UTF8.self)
    decodeBodies(data)
    parseField(text)
    // Each line as its own field too, so one input reaches several parsers with different values.
    for line in text.split(separator: "\n", maxSplits: 8) { parseField(String(line)) }
    return 0
}

/// Every admin request body the server decodes, and the fields each one's handler then parses.
private func decodeBodies(_ data: Data) {
    let decoder = AdminJSON.decoder()
    if let body = try? decoder.decode(CreateSanctionRequest.self, from: data) {
        parseField(body.target)
        body.duration.map(parseField)
        body.publicReason.map(parseField)
    }
    if let body = try? decoder.decode(UpdateLimitsRequest.self, from: data) {
        body.messageRate.map(parseField)
        body.ttl.map(parseField)
    }
    if let body = try? decoder.decode(CreateOverrideRequest.self, from: data) {
        parseField(body.target)
        body.messageRate.map(parseField)
        body.ttl.map(parseField)
    }
    if let body = try? decoder.decode(LoginRequest.self, from: data) {
        try? Credentials.validateUsername(body.username)
        try? Credentials.validatePassword(body.password)
    }
    if let body = try? decoder.decode(CreateAccountRequest.self, from: data) {
        try? Credentials.validateUsername(body.username)
        try? Credentials.validatePassword(body.password)
    }
    _ = try? decoder.decode(UpdateAccountRequest.self, from: data)
    _ = try? decoder.decode(CreateTokenRequest.self, from: data)
    _ = try? decoder.decode(KickRequest.self, from: data)
    _ = try? decoder.decode(AnnounceRequest.self, from: data)
}

/// Every parser of a single admin value: rates, durations, addresses, ranges, targets, nicks, times.
private func parseField(_ text: String) {
    if let rate = RateSpec(parsing: text) {
        guard rate.isWithinBounds, RateSpec(parsing: rate.description) == rate else {
            fatalError("rate \(text.debugDescription) is out of bounds or does not print back")
        }
    }
    if let seconds = DurationText.parse(text) {
        guard (1...DurationText.maxSeconds).contains(seconds), DurationText.parse(DurationText.format(seconds)) == seconds else {
            fatalError("duration \(text.debugDescription) is out of bounds or does not print back")
        }
    }
    _ = IPAddress(text)
    if let range = CIDR(text) {
        guard CIDR(range.description) == range, range.contains(range.network) else {
            fatalError("range \(text.debugDescription) does not print back")
        }
        _ = range.coversAllIPv4
    }
    if let target = try? ModerationTarget(parsing: text) {
        guard (try? ModerationTarget(parsing: target.description)) == target else {
            fatalError("target \(text.debugDescription) does not print back")
        }
    }
    _ = try? Nick(validating: text)
    _ = AdminJSON.parseTimestamp(text)
    _ = Int(text).map { (1...100_000).contains($0) }
}
