import Foundation
import LetterModel
import Testing

@testable import Workflow

/// Renders are throughput work: their threads run below the rest of the process, so that the
/// store's writer and the requests come first on a busy server.
@Suite struct RenderPriorityTests {
    /// The nice values of this process's threads (Linux: field 19 of /proc/self/task/*/stat).
    private func threadNiceValues() throws -> [Int32] {
        try FileManager.default.contentsOfDirectory(atPath: "/proc/self/task").compactMap { tid in
            guard let stat = try? String(contentsOfFile: "/proc/self/task/\(tid)/stat", encoding: .utf8),
                let close = stat.lastIndex(of: ")")
            else { return nil }
            // After the command's closing parenthesis: state is field 3, nice field 19.
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            return fields.count > 16 ? Int32(fields[16]) : nil
        }
    }

    @Test func aLettersRenderRunsBelowTheProcesssOwnPriority() async throws {
        let own = getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0)
        _ = try await sharedPrinter.render(Letter.sample, seal: nil)
        #expect(try threadNiceValues().contains(min(19, own + LetterPrinter.renderNice)))
        // The calling thread keeps its own.
        #expect(getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0) == own)
    }
}
