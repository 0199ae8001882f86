import Foundation
import Synchronization
import TestSupport
import Testing

@_spi(Storage) @testable import Workflow

/// Logins as an attacker probes them: an unknown name must cost the same work as a wrong
/// password, so that the time of the answer does not tell which accounts exist.
@Suite(.scratch) struct AccountLoginTests {
    /// Counts the password checks it is asked for.
    final class CountingHasher: PasswordHasher {
        let verifications = Mutex(0)
        let hashes = Mutex(0)
        func hash(_ password: String) -> String {
            hashes.withLock { $0 += 1 }
            return "h:" + password
        }
        func verify(_ password: String, hash: String) -> Bool {
            verifications.withLock { $0 += 1 }
            return hash == "h:" + password
        }
    }

    @Test func anUnknownNameIsRefusedAfterTheSamePasswordCheckAsAWrongPassword() async throws {
        let f = try await WorkflowFixture.make(.sqlite, seals: false)
        let hasher = CountingHasher()
        let accounts = AccountService(store: f.service.store, clock: f.clock, hasher: hasher)
        let code = try await accounts.bootstrap(name: "security", organization: "P")
        try await accounts.activate(name: "security", code: code, password: "a-good-password-1")
        let before = hasher.verifications.withLock { $0 }
        for (name, password) in [("security", "wrong-password-1"), ("nobody", "wrong-password-1")] {
            await #expect(throws: WorkflowError.self) { try await accounts.login(name: name, password: password, address: "10.0.0.1") }
        }
        #expect(hasher.verifications.withLock { $0 } - before == 2, "one check each, the unknown name against a decoy")
        _ = try await accounts.login(name: "security", password: "a-good-password-1", address: "10.0.0.1")
    }

    @Test func activationCodesCannotBeGuessedFasterThanFiveAQuarterHour() async throws {
        let f = try await WorkflowFixture.make(.sqlite, seals: false)
        let hasher = CountingHasher()
        let accounts = AccountService(store: f.service.store, clock: f.clock, hasher: hasher)
        let code = try await accounts.bootstrap(name: "security", organization: "P")
        for guess in 0..<5 {
            await #expect(throws: WorkflowError.self) {
                try await accounts.activate(name: "security", code: String(format: "%08X", guess), password: "a-good-password-1", address: "10.0.0.9")
            }
        }
        // The right code now waits too, from this address; from the holder's own it works.
        let error = await #expect(throws: WorkflowError.self) {
            try await accounts.activate(name: "security", code: code, password: "a-good-password-1", address: "10.0.0.9")
        }
        #expect(error?.code == .notAllowed)
        try await accounts.activate(name: "security", code: code, password: "a-good-password-1", address: "10.0.0.1")
        #expect(hasher.hashes.withLock { $0 } == 2, "the decoy and the right code's password: none for a wrong code")
        let auditor = Account(name: "auditor", role: .auditor, organization: "P", active: true)
        let outcomes = try await accounts.auditLog(
            query: AuditQuery(action: "activate"), in: try await f.service.tree(), for: Caller(account: auditor, address: "test")
        ).map(\.outcome)
        #expect(outcomes.sorted() == ["failed", "failed", "failed", "failed", "failed", "ok", "rate-limited"])
    }
}
