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
    /// The calendar day in China (UTC+8, without daylight saving since 1991), for letters.
    /// Worked out from the seconds rather than through `Calendar`, whose ICU calendar made per
    /// call (and the DateFormatter pages made per request) were a sixth of a page's time.
    package var chinaDay: (year: Int, month: Int, day: Int) { ChinaDay.date(daysSinceEpoch: chinaTime.days) }

    /// The day in China as `YYYY-MM-DD`.
    package var chinaISODay: String { ChinaDay.civil(daysSinceEpoch: chinaTime.days) }

    /// The minute in China as `YYYY-MM-DD HH:MM`, as pages show times.
    package var chinaMinute: String {
        let t = chinaTime
        return ChinaDay.civil(daysSinceEpoch: t.days) + " " + ChinaDay.padded(t.minute / 60, 2) + ":" + ChinaDay.padded(t.minute % 60, 2)
    }

    /// The day (from 1970-01-01) and the minute of that day in China, rounded down.
    private var chinaTime: (days: Int, minute: Int) {
        let seconds = Int((timeIntervalSince1970 + 8 * 3_600).rounded(.down))
        let days = (seconds >= 0 ? seconds : seconds - 86_399) / 86_400
        return (days, (seconds - days * 86_400) / 60)
    }
}
