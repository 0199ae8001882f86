import Foundation

/// Where the workflow reads the time: injected, so that tests and demo data control it.
public protocol WorkflowClock: Sendable {
    /// The current instant.
    func now() -> Date
}

/// The system clock.
public struct SystemClock: WorkflowClock {
    /// Creates the system clock.
    public init() {}
    /// The current instant.
    public func now() -> Date { Date() }
}

/// A clock that stands still until moved, for tests and demo data.
public final class ManualClock: WorkflowClock, @unchecked Sendable {
    private var current: Date
    private let lock = NSLock()

    /// A clock showing `start`.
    public init(_ start: Date) { current = start }

    /// The time shown.
    public func now() -> Date { lock.withLock { current } }

    /// Moves the clock forward.
    public func advance(seconds: TimeInterval) { lock.withLock { current += seconds } }
}

extension Date {
    /// The calendar day in China (UTC+8), for letters.
    package var chinaDay: (year: Int, month: Int, day: Int) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 8 * 3600)!
        let c = calendar.dateComponents([.year, .month, .day], from: self)
        return (c.year!, c.month!, c.day!)
    }

    /// The day in China as `YYYY-MM-DD`.
    package var chinaISODay: String {
        let d = chinaDay
        return String(format: "%04d-%02d-%02d", d.year, d.month, d.day)
    }
}
