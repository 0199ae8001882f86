/// Checks a person's identity against an authoritative source (公安人口库 or the like), for
/// transfers into the province. Pluggable: deployments provide their own.
public protocol IdentityVerifier: Sendable {
    /// Whether `name` and `idNumber` belong together.
    func verify(name: String, idNumber: String) async -> IdentityCheck
}

/// What an identity check said.
public enum IdentityCheck: Sendable, Equatable {
    /// The identity is confirmed.
    case verified
    /// The source says name and number do not match.
    case mismatch
    /// The source could not answer: a manual review with an ID-card photo is required.
    case unavailable
}

/// The verifier used when none is configured: it cannot verify, so every incoming transfer
/// goes through manual review.
public struct UnavailableVerifier: IdentityVerifier {
    /// Creates it.
    public init() {}
    /// Always unavailable.
    public func verify(name: String, idNumber: String) async -> IdentityCheck { .unavailable }
}
