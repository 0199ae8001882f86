import Foundation

/// Where a store lives, as `--db` names it: `postgres://…` (or `postgresql://…`) for
/// PostgreSQL, a path (or `sqlite:PATH`) for SQLite; the same reading as `openWorkflowStore`.
public enum StoreLocation: Sendable, Equatable, CustomStringConvertible {
    /// An SQLite file.
    case sqlite(path: String)
    /// A PostgreSQL database, by URL.
    case postgres(url: String)

    /// Reads a `--db` value.
    public init(_ location: String) {
        if location.hasPrefix("postgres://") || location.hasPrefix("postgresql://") {
            self = .postgres(url: location)
        } else {
            self = .sqlite(path: location.hasPrefix("sqlite:") ? String(location.dropFirst("sqlite:".count)) : location)
        }
    }

    /// The value `openWorkflowStore` takes.
    public var location: String {
        switch self {
        case .sqlite(let path): "sqlite:" + path
        case .postgres(let url): url
        }
    }

    /// For messages: the path, or the URL without its password (messages end up in logs).
    public var description: String {
        switch self {
        case .sqlite(let path): return path
        case .postgres(let url):
            guard var components = URLComponents(string: url), components.password != nil else { return url }
            components.password = "***"
            return components.string ?? url
        }
    }
}
