import NIOConcurrencyHelpers

/// Whether the running request has had an audit entry written for it. The server's last-resort
/// audit (`AccessAuditMiddleware`) writes one only for a request that reached no entry of the
/// service (refused before it: a bad token, a body that could not be read), so that nothing a
/// signed-in caller asks for goes unrecorded and nothing is recorded twice.
public final class AuditTrail: Sendable {
    /// The trail of the running request, when the server set one.
    @TaskLocal public static var current: AuditTrail?

    private let written = NIOLockedValueBox(false)

    /// A trail with nothing written yet.
    public init() {}

    /// Whether an entry was written (or queued) for the request.
    public var isWritten: Bool { written.withLockedValue { $0 } }

    /// Records that an entry was written for the running request.
    static func mark() {
        current?.written.withLockedValue { $0 = true }
    }
}
