import Foundation

/// What some suites need beyond Swift: a PostgreSQL cluster (`scripts/with-postgres` names one in
/// `LETTERS_TEST_POSTGRES_URL`) and the Python environment with openpyxl (`scripts/setup
/// --tests` makes `.build-python`). Under a plain `swift test` a missing one skips what needs it,
/// saying why once; `scripts/test` sets `LETTERS_TEST_STRICT=1`, and then nothing is skipped:
/// what needs a missing requirement runs and fails, naming it.
public enum Requirements {
    /// Whether nothing may be skipped (`LETTERS_TEST_STRICT=1`, as `scripts/test` sets it).
    public static let strict = ProcessInfo.processInfo.environment["LETTERS_TEST_STRICT"] == "1"

    /// The test cluster's URL, when one is given.
    static let givenPostgres = ProcessInfo.processInfo.environment["LETTERS_TEST_POSTGRES_URL"]

    /// Whether the PostgreSQL variants run.
    public static let postgres: Bool = {
        if givenPostgres != nil || strict { return true }
        FileHandle.standardError.write(Data("跳过 PostgreSQL 变体：未设置 LETTERS_TEST_POSTGRES_URL（scripts/with-postgres swift test 会设置）\n".utf8))
        return false
    }()

    /// Why the PostgreSQL variants may be skipped, for a trait's comment.
    public static let postgresReason = "needs LETTERS_TEST_POSTGRES_URL (run under scripts/with-postgres)"

    /// The test cluster's URL; an error naming what to do when none is given.
    public static func postgresURL() throws -> String {
        guard let url = givenPostgres else { throw Missing(what: "LETTERS_TEST_POSTGRES_URL 未设置：请用 scripts/with-postgres 运行（scripts/test 即如此）") }
        return url
    }

    /// The Python that reads and writes spreadsheets with openpyxl.
    public static let pythonPath = packageRoot.appendingPathComponent(".build-python/bin/python").path

    /// Whether the Python checks run.
    public static let python: Bool = {
        if FileManager.default.isExecutableFile(atPath: pythonPath) || strict { return true }
        FileHandle.standardError.write(Data("跳过 Python 检查（openpyxl）：没有 .build-python（scripts/setup --tests 会安装）\n".utf8))
        return false
    }()

    /// Why the Python checks may be skipped, for a trait's comment.
    public static let pythonReason = "needs .build-python with openpyxl (scripts/setup --tests)"

    /// A requirement that strict mode found missing.
    public struct Missing: Error, CustomStringConvertible {
        /// What is missing and how to provide it.
        public let what: String
        /// The same.
        public var description: String { what }
    }
}
