import Foundation

/// A day in a register's cell: `YYYY-MM-DD`, or as Excel on a Chinese Windows writes it in a
/// CSV (`2001/7/1`, `2001-7-1`), made `YYYY-MM-DD`; nil when it is no day on the calendar.
enum RegisterDay {
    static func normalized(_ text: String) -> String? {
        let parts = text.split(whereSeparator: { $0 == "-" || $0 == "/" || $0 == "." })
        guard parts.count == 3, parts[0].count == 4, let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
            parts[1].count <= 2, parts[2].count <= 2
        else { return nil }
        let iso = String(format: "%04d-%02d-%02d", year, month, day)
        guard case .day = ChinaDay.parse(iso) else { return nil }
        return iso
    }

    /// `YYYY-MM` (or `YYYY/M`), made `YYYY-MM`.
    static func month(_ text: String) -> String? {
        let parts = text.split(whereSeparator: { $0 == "-" || $0 == "/" || $0 == "." })
        guard parts.count == 2, parts[0].count == 4, let year = Int(parts[0]), let month = Int(parts[1]), (1...12).contains(month), parts[1].count <= 2 else {
            return nil
        }
        return String(format: "%04d-%02d", year, month)
    }
}
