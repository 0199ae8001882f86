import Logging

/// swift-log's `StreamLogHandler`, with its metadata written out only when a message is logged.
/// `StreamLogHandler` writes its metadata out as text on every change, and Hummingbird gives
/// every request's logger a request id: that text was made for every request, though nearly
/// none logs anything (1.5 % of the server's time under the mixed load, BENCHMARKS.md).
public struct DeferredMetadataLogHandler: LogHandler {
    /// The stream handler a message goes to, with this handler's level; its metadata is set
    /// only when a message is logged.
    private var stream: StreamLogHandler
    /// This logger's metadata.
    public var metadata: Logger.Metadata = [:]

    /// A handler writing to standard error, as swift-log's default does.
    public init(label: String) {
        stream = StreamLogHandler.standardError(label: label)
    }

    /// A handler writing to `stream` (for tests).
    public init(label: String, stream output: any TextOutputStream & Sendable) {
        stream = StreamLogHandler(label: label, stream: output)
    }

    /// The level below which nothing is logged.
    public var logLevel: Logger.Level {
        get { stream.logLevel }
        set { stream.logLevel = newValue }
    }

    /// What adds metadata to every message (swift-log's task-local metadata).
    public var metadataProvider: Logger.MetadataProvider? {
        get { stream.metadataProvider }
        set { stream.metadataProvider = newValue }
    }

    /// One item of this logger's metadata.
    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// Writes the message with this logger's metadata, made into text now.
    public func log(event: LogEvent) {
        var output = stream
        output.metadata = metadata
        output.log(event: event)
    }
}
