import Foundation
import Testing

@testable import TransferMachine

/// Days as people type them, read by arithmetic: the same answers as the calendar gives.
@Suite struct ChinaDayTests {
    @Test func everyDayOfFourHundredYearsIsMidnightInChinaAsTheCalendarSays() {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 8 * 3600)!
        var day = calendar.date(from: DateComponents(year: 1900, month: 1, day: 1))!
        let end = calendar.date(from: DateComponents(year: 2300, month: 1, day: 1))!
        while day < end {
            let c = calendar.dateComponents([.year, .month, .day], from: day)
            let text = String(format: "%04d-%02d-%02d", c.year!, c.month!, c.day!)
            #expect(ChinaDay.parse(text) == .day(day), "\(text)")
            day = calendar.date(byAdding: .day, value: 7, to: day)!
        }
    }

    @Test func anInstantsDayAndMinuteInChinaAreTheCalendars() {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 8 * 3600)!
        var generator = SystemRandomNumberGenerator()
        // Around midnight in China, and anywhere from 1900 to 2200 (before 1970 too).
        let edges: [Double] = [-28_800, -28_801, -28_740.1, 0, 1_779_999_999, 57_599.5, 57_600]
        let anywhere: [Double] = (0..<20_000).map { _ in Double.random(in: -2_208_988_800...7_258_118_400, using: &generator) }
        let instants = edges + anywhere
        for t in instants {
            let date = Date(timeIntervalSince1970: t)
            let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
            let day = String(format: "%04d-%02d-%02d", c.year!, c.month!, c.day!)
            #expect(date.chinaISODay == day, "\(t)")
            let parts = date.chinaDay
            let expected: [Int] = [c.year!, c.month!, c.day!]
            #expect([parts.year, parts.month, parts.day] == expected, "\(t)")
            #expect(date.chinaMinute == day + String(format: " %02d:%02d", c.hour!, c.minute!), "\(t)")
            #expect(ChinaDay.startOfYear(of: date) == calendar.dateInterval(of: .year, for: date)!.start, "\(t)")
        }
    }

    @Test func daysOffTheCalendarAndMalformedTextAreToldApart() {
        for text in ["2026-02-29", "2100-02-29", "2026-04-31", "0000-01-01"] { #expect(ChinaDay.parse(text) == .notOnCalendar, "\(text)") }
        for text in ["2024-02-29", "2000-02-29"] { if case .day = ChinaDay.parse(text) {} else { Issue.record("\(text)") } }
        for text in ["2026-13-01", "2026-00-10", "2026-1-01", "２０２６-01-01", "2026/01/01", "", "2026-01-32"] {
            #expect(ChinaDay.parse(text) == .malformed, "\(text)")
        }
    }
}
