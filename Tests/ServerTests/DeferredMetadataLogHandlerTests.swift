import Logging
import Synchronization
import Testing

@testable import Server

/// The server's log handler: swift-log's stream format, each logger's metadata its own, and
/// written out with the message.
@Suite struct DeferredMetadataLogHandlerTests {
    final class Lines: TextOutputStream, Sendable {
        let text = Mutex("")
        func write(_ string: String) { text.withLock { $0 += string } }
    }

    @Test func aMessageCarriesItsLoggersMetadataAndNoOtherLoggers() {
        let lines = Lines()
        var request = Logger(label: "letters.server") { DeferredMetadataLogHandler(label: $0, stream: lines) }
        var other = request
        request[metadataKey: "hb.request.id"] = "r-1"
        other[metadataKey: "hb.request.id"] = "r-2"
        request.info("一条", metadata: ["path": "/api/queue"])
        request.debug("低于级别，不写")
        let text = lines.text.withLock { $0 }
        #expect(text.contains("info letters.server: hb.request.id=r-1 path=/api/queue [ServerTests] 一条\n"))
        #expect(!text.contains("r-2") && !text.contains("低于级别"))
        other.logLevel = .debug
        other.debug("写")
        #expect(lines.text.withLock { $0 }.contains("debug letters.server: hb.request.id=r-2 [ServerTests] 写\n"))
    }
}
