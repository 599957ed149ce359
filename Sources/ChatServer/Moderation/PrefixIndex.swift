import AdminAPI

/// Address ranges and what is attached to them, for "which ranges contain this address?" in time that does
/// not grow with the number of ranges: one hash table per prefix length in use, so a lookup masks the
/// address once per distinct length (a handful in practice, 129 at most) instead of scanning every range.
struct PrefixIndex<Value: Hashable & Sendable>: Sendable {
    private var tables: [Int: [IPAddress: Set<Value>]] = [:]
    /// Prefix lengths (over 128 bits) that have at least one range.
    private var lengths: [Int] = []
    private(set) var count = 0

    mutating func insert(_ range: CIDR, _ value: Value) {
        let length = range.mappedPrefixLength
        if tables[length] == nil {
            tables[length] = [:]
            lengths.append(length)
            lengths.sort()
        }
        if tables[length]![range.network, default: []].insert(value).inserted { count += 1 }
    }

    mutating func remove(_ range: CIDR, _ value: Value) {
        let length = range.mappedPrefixLength
        guard tables[length]?[range.network]?.remove(value) != nil else { return }
        count -= 1
        if tables[length]?[range.network]?.isEmpty == true { tables[length]?[range.network] = nil }
        if tables[length]?.isEmpty == true {
            tables[length] = nil
            lengths.removeAll { $0 == length }
        }
    }

    /// Every value whose range contains `address`.
    func matches(_ address: IPAddress) -> [Value] {
        var found: [Value] = []
        for length in lengths {
            if let values = tables[length]?[address.masked(to: length)] {
                found.append(contentsOf: values)
            }
        }
        return found
    }

    /// Calls `body` with the values whose range contains `address`, longest prefix first, until it returns
    /// a result; allocates nothing on the way.
    func first<Result>(containing address: IPAddress, where body: (Value) -> Result?) -> Result? {
        for length in lengths.reversed() {
            guard let values = tables[length]?[address.masked(to: length)] else { continue }
            for value in values {
                if let result = body(value) { return result }
            }
        }
        return nil
    }

    /// Whether any range contains `address`.
    func contains(_ address: IPAddress) -> Bool {
        lengths.contains { tables[$0]?[address.masked(to: $0)] != nil }
    }
}
