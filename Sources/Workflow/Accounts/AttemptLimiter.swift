import Foundation

/// Counts login and activation attempts in the database, before each is checked, so that
/// parallel guesses cannot all slip in before the first failure is recorded, and every server
/// on one database shares the count (a restart forgets nothing).
///
/// Two counters per attempt, each over a fixed window of `AccountService.failureWindow` that
/// starts with its first attempt:
/// - per account and address: `perAddress` attempts; a person who mistypes is held up only at
///   their own address;
/// - per account, whatever the address: `perAccount` attempts; many addresses guessing one
///   password are stopped too. This one locks the account for everyone, its holder included,
///   until the window ends (at most 15 minutes after the first attempt in it).
/// A successful attempt clears its address's counter and takes itself back off the account's.
struct AttemptLimiter: Sendable {
    let store: any WorkflowStore

    /// Attempts allowed per account and address in one window.
    static let perAddress = AccountService.maxFailures
    /// Attempts allowed per account, from all addresses together, in one window.
    static let perAccount = 20

    /// The two counters' keys for `kind` (login, activate) of `name` from `address`.
    static func keys(_ kind: String, name: String, address: String) -> (address: String, account: String) {
        ("\(kind)|\(NameKey.of(name))|\(address)", "\(kind)|\(NameKey.of(name))")
    }

    /// Counts an attempt; false when either counter is over its limit (the attempt must then
    /// not be checked).
    func admit(_ kind: String, name: String, address: String, at now: Date) async throws -> Bool {
        let keys = Self.keys(kind, name: name, address: address)
        let moment = Int64(now.timeIntervalSince1970)
        let expired = moment - Int64(AccountService.failureWindow)
        return try await store.transaction { c in
            var admitted = true
            for (key, limit) in [(keys.address, Self.perAddress), (keys.account, Self.perAccount)] {
                // One statement: the row lock (PostgreSQL) or the write lock (SQLite) makes the
                // count and its increment one step for every concurrent attempt.
                let count = try await AccountRepository(c: c).countAttempt(key: key, at: moment, windowStartedBefore: expired)
                if count > limit { admitted = false }
            }
            return admitted
        }
    }

    /// Clears the address's counter and takes the attempt back off the account's.
    func succeeded(_ kind: String, name: String, address: String) async throws {
        let keys = Self.keys(kind, name: name, address: address)
        try await store.transaction { c in
            try await AccountRepository(c: c).forgiveAttempt(address: keys.address, account: keys.account)
        }
    }
}
