import Synchronization

/// How many statements a connection may still run (`WorkflowStore.singleStatement`).
final class StatementBudget: Sendable {
    private let left: Mutex<Int>

    private init(_ count: Int) { left = Mutex(count) }

    /// A new budget of one statement.
    static func one() -> StatementBudget { StatementBudget(1) }

    /// Takes one statement from the budget; false when none is left.
    func take() -> Bool {
        left.withLock { n in
            guard n > 0 else { return false }
            n -= 1
            return true
        }
    }
}
