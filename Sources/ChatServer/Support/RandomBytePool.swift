import NIOConcurrencyHelpers

#if canImport(Glibc)
import Glibc
#endif

/// Cryptographically random bytes, drawn from the kernel 4 KiB at a time rather than per use: a session
/// token needs 32 bytes, and the standard library's generator (which swift-crypto's keys use too) makes a
/// system call per 8 of them, the largest single cost of a join. Bytes handed out are wiped from the pool.
final class RandomBytePool: Sendable {
    private struct State {
        var bytes: [UInt8] = []
        var next = 0
    }

    static let shared = RandomBytePool()

    private let refillSize: Int
    private let state = NIOLockedValueBox(State())

    init(refillSize: Int = 4096) {
        self.refillSize = refillSize
    }

    /// Fills `target` with random bytes.
    func fill(_ target: UnsafeMutableRawBufferPointer) {
        state.withLockedValue { state in
            var filled = 0
            while filled < target.count {
                if state.next == state.bytes.count {
                    state.bytes = Self.draw(refillSize)
                    state.next = 0
                }
                let count = min(target.count - filled, state.bytes.count - state.next)
                for offset in 0..<count {
                    target[filled + offset] = state.bytes[state.next + offset]
                    state.bytes[state.next + offset] = 0
                }
                filled += count
                state.next += count
            }
        }
    }

    /// The kernel's generator (the one `getrandom` serves), opened once.
    private static let urandom: Int32 = open("/dev/urandom", O_RDONLY | O_CLOEXEC)

    /// `count` fresh random bytes: one read of the kernel's generator, or, where it cannot be opened, the
    /// standard library's generator 8 bytes at a time.
    private static func draw(_ count: Int) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        let complete = bytes.withUnsafeMutableBytes { buffer -> Bool in
            guard urandom >= 0 else { return false }
            var filled = 0
            while filled < count {
                let result = read(urandom, buffer.baseAddress! + filled, count - filled)
                if result > 0 {
                    filled += result
                } else if result < 0, errno == EINTR {
                    continue
                } else {
                    return false
                }
            }
            return true
        }
        if !complete {
            var generator = SystemRandomNumberGenerator()
            for index in stride(from: 0, to: count, by: 8) {
                withUnsafeBytes(of: generator.next() as UInt64) { word in
                    for offset in 0..<min(8, count - index) { bytes[index + offset] = word[offset] }
                }
            }
        }
        return bytes
    }
}
