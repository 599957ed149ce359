import Histogram

/// Latencies in microseconds, recorded into an HDR histogram (three significant digits, 1 µs to an hour):
/// constant memory and time per sample, however many millions a run records, and percentiles without
/// sorting.
struct Latencies {
    private var histogram = Histogram<UInt64>(lowestDiscernibleValue: 1, highestTrackableValue: 3_600_000_000, numberOfSignificantValueDigits: .three)

    var count: Int { Int(histogram.totalCount) }

    mutating func append(_ microseconds: UInt32) {
        _ = histogram.record(max(1, UInt64(microseconds)))
    }

    /// The latency at `fraction` (0.5 is the median, 1 the largest), in milliseconds; NaN with no samples.
    func milliseconds(at fraction: Double) -> Double {
        guard count > 0 else { return .nan }
        let microseconds = fraction >= 1 ? histogram.max : histogram.valueAtPercentile(fraction * 100)
        return Double(microseconds) / 1000
    }
}
