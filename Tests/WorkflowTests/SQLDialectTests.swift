import TestSupport
import Testing

@testable import Workflow

/// The repositories' `?` placeholders as each driver takes them.
@Suite(.scratch) struct SQLDialectTests {
    @Test func postgresNumbersOnlyThePlaceholdersNotAQuestionMarkInTextIdentifiersOrComments() {
        let sql = "SELECT '?', \"a?\", x FROM t -- why?\nWHERE a = ? AND b = 'it''s ?' /* ? */ AND c IN (?, ?)"
        let (postgres, count) = SQLDialect.postgres.placeholders(sql)
        #expect(count == 3)
        #expect(postgres == "SELECT '?', \"a?\", x FROM t -- why?\nWHERE a = $1 AND b = 'it''s ?' /* ? */ AND c IN ($2, $3)")
        #expect(SQLDialect.sqlite.placeholders(sql) == (sql, 3), "SQLite takes `?` as it is")
        #expect(SQLDialect.postgres.placeholders("SELECT 1 -- ? unterminated").count == 0)
    }
}
