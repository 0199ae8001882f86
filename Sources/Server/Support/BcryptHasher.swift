import HummingbirdBcrypt
import Workflow

/// bcrypt, cost 12, for account passwords.
public struct BcryptHasher: PasswordHasher {
    let cost: UInt8

    /// Creates a hasher; tests use a lower cost.
    public init(cost: UInt8 = 12) { self.cost = cost }

    /// The bcrypt hash of `password`.
    public func hash(_ password: String) -> String { Bcrypt.hash(password, cost: cost) }

    /// Whether `password` matches `hash`.
    public func verify(_ password: String, hash: String) -> Bool { Bcrypt.verify(password, hash: hash) }
}
