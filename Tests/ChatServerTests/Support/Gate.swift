/// Holds the first task that reaches it until the test opens it; later arrivals pass. Lets a test put
/// one operation in flight at a chosen point and start another meanwhile.
actor Gate {
    private var held: CheckedContinuation<Void, Never>?
    private var used = false
    private var opened = false

    /// Waits here if this is the first arrival and the gate is still shut.
    func pass() async {
        guard !used, !opened else { return }
        used = true
        await withCheckedContinuation { held = $0 }
    }

    /// Whether the first arrival is waiting.
    var isHolding: Bool { held != nil }

    func open() {
        opened = true
        held?.resume()
        held = nil
    }
}
