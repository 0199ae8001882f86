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

    @Test func daysOffTheCalendarAndMalformedTextAreToldApart() {
        for text in ["2026-02-29", "2100-02-29", "2026-04-31", "0000-01-01"] { #expect(ChinaDay.parse(text) == .notOnCalendar, "\(text)") }
        for text in ["2024-02-29", "2000-02-29"] { if case .day = ChinaDay.parse(text) {} else { Issue.record("\(text)") } }
        for text in ["2026-13-01", "2026-00-10", "2026-1-01", "２０２６-01-01", "2026/01/01", "", "2026-01-32"] {
            #expect(ChinaDay.parse(text) == .malformed, "\(text)")
        }
    }
}
