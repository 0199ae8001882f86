import Foundation

/// Progress of a batch on stderr: a bar redrawn in place on a terminal, plain lines otherwise
/// (a log file or CI gets a line every tenth of the way).
final class Progress {
    private let total: Int
    private let terminal: Bool
    private let started = Date()
    private var lastDraw = Date.distantPast
    private var lastTenth = 0

    init(total: Int) {
        self.total = max(total, 1)
        terminal = isatty(STDERR_FILENO) != 0
    }

    func update(done: Int) {
        if terminal {
            let now = Date()
            guard now.timeIntervalSince(lastDraw) > 0.1 || done == total else { return }
            lastDraw = now
            let width = 30
            let filled = width * done / total
            let rate = Double(done) / max(now.timeIntervalSince(started), 0.001)
            let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
            FileHandle.standardError.write(Data(String(format: "\r%@ %d/%d %3d%% %.0f 封/秒 ", bar, done, total, 100 * done / total, rate).utf8))
        } else {
            let tenth = 10 * done / total
            guard tenth > lastTenth || done == total else { return }
            lastTenth = tenth
            FileHandle.standardError.write(Data("已处理 \(done)/\(total)（\(100 * done / total)%）\n".utf8))
        }
    }

    /// Ends the bar's line so that later messages start on their own.
    func finish() {
        if terminal { FileHandle.standardError.write(Data("\n".utf8)) }
    }

    /// Clears the bar's line before a message is printed on stderr.
    func interrupt() {
        if terminal { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }
}
