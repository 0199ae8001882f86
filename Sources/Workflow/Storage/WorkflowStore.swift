import ServiceLifecycle

/// A connection inside one transaction: runs SQL with `?` placeholders.
public protocol StoreConnection: Sendable {
    /// The driver's dialect, for the few statements only one dialect can make in one.
    var dialect: SQLDialect { get }
    /// Runs `sql` with `binds` and returns its rows (empty for statements without rows).
    func run(_ sql: String, _ binds: [SQLValue]) async throws -> [SQLRow]
}

/// Where the workflow keeps its data: one small protocol, with an embedded SQLite driver (the
/// default, a single file) and a PostgreSQL driver. Every state change runs in one
/// transaction: all of it is applied, or none.
public protocol WorkflowStore: Sendable {
    /// The driver's dialect.
    var dialect: SQLDialect { get }
    /// Runs `body` in a transaction: committed when it returns, rolled back when it throws.
    func transaction<T: Sendable>(_ body: @Sendable (any StoreConnection) async throws -> T) async throws -> T
    /// Runs `body`, which only reads; drivers may skip the transaction's locking.
    func read<T: Sendable>(_ body: @Sendable (any StoreConnection) async throws -> T) async throws -> T
    /// Runs `body`, which makes one statement, as a transaction of its own. PostgreSQL sends it
    /// without `BEGIN` and `COMMIT` (a statement alone is applied whole or not at all) and
    /// refuses a second statement; SQLite runs it as any transaction.
    func singleStatement<T: Sendable>(_ body: @Sendable (any StoreConnection) async throws -> T) async throws -> T
    /// Runs `body` while holding the store-wide lock `key`, which other processes on the same
    /// store wait for (PostgreSQL: an advisory lock; SQLite: a lock on a file beside the
    /// database): migrations and the demo's creation run under it, so that servers may start
    /// together.
    func exclusively<T: Sendable>(_ key: StoreLock, _ body: @Sendable () async throws -> T) async throws -> T
    /// Closes the store.
    func close() async throws
}

/// The store-wide locks (`WorkflowStore.exclusively`).
public enum StoreLock: Int64, Sendable {
    /// Schema migrations and backfills.
    case migrations = 7_301_001
    /// Creating the demo province in an empty store.
    case demo = 7_301_002
}

extension WorkflowStore {
    /// Reads inside a transaction, unless the driver knows better.
    public func read<T: Sendable>(_ body: @Sendable (any StoreConnection) async throws -> T) async throws -> T {
        try await transaction(body)
    }

    /// A transaction, unless the driver knows better.
    public func singleStatement<T: Sendable>(_ body: @Sendable (any StoreConnection) async throws -> T) async throws -> T {
        try await transaction(body)
    }
}

/// Opens the store a location names: `postgres://user:password@host:port/database`, or a
/// path (or `sqlite:PATH`) for SQLite; migrations run before it is returned.
public func openWorkflowStore(_ location: String) async throws -> any WorkflowStore {
    let store: any WorkflowStore
    if isPostgres(location) {
        store = try await PostgresStore(url: location)
    } else {
        store = try await SQLiteStore(path: sqlitePath(location))
    }
    do {
        try await prepareWorkflowStore(store)
    } catch {
        try? await store.close()
        throw error
    }
    return store
}

/// Opens the store a location names for a server whose application runs the PostgreSQL
/// client among its services (`service`, nil for SQLite): nothing is read yet; once the
/// services run, `prepareWorkflowStore` migrates it.
public func openWorkflowStoreForService(_ location: String) async throws -> (store: any WorkflowStore, service: (any Service)?) {
    if isPostgres(location) {
        let store = try PostgresStore.forService(url: location)
        return (store, store.service)
    }
    return (try await SQLiteStore(path: sqlitePath(location)), nil)
}

/// Brings a store's schema up to date (migrations and backfills, under the store-wide lock,
/// so that servers may start together); PostgreSQL is asked for one row first, so that an
/// unreachable server is reported as such.
public func prepareWorkflowStore(_ store: any WorkflowStore) async throws {
    if let postgres = store as? PostgresStore { try await postgres.ping() }
    try await store.exclusively(.migrations) {
        try await Migrations.run(on: store)
        try await ArchiveChain.backfill(store)
        try await NameKey.backfill(store)
        try await TransferTally.backfill(store)
    }
}

private func isPostgres(_ location: String) -> Bool {
    location.hasPrefix("postgres://") || location.hasPrefix("postgresql://")
}

private func sqlitePath(_ location: String) -> String {
    location.hasPrefix("sqlite:") ? String(location.dropFirst("sqlite:".count)) : location
}
