/// Reading a column that must hold a value: a row that lacks it (or holds another type) is a
/// storage error naming the table, the column and the row's key, never a default that would
/// pass for data.
extension SQLRow {
    /// The text in `column` of a row of `table` keyed `key`.
    func text(_ column: String, of table: String, key: @autoclosure () -> String) throws(WorkflowError) -> String {
        guard let value = string(column) else { throw missing(column, table, key()) }
        return value
    }

    /// The integer in `column` of a row of `table` keyed `key`.
    func integer(_ column: String, of table: String, key: @autoclosure () -> String) throws(WorkflowError) -> Int {
        guard let value = int(column) else { throw missing(column, table, key()) }
        return value
    }

    /// The bytes in `column` of a row of `table` keyed `key`.
    func data(_ column: String, of table: String, key: @autoclosure () -> String) throws(WorkflowError) -> [UInt8] {
        guard let value = bytes(column) else { throw missing(column, table, key()) }
        return value
    }

    private func missing(_ column: String, _ table: String, _ key: String) -> WorkflowError {
        WorkflowError(.storage, field: column, rule: "stored", "表 \(table) 中 \(key) 的一行缺少 \(column)（或类型不符）：库中数据已损坏，请运行 letters transfer check / archive check")
    }
}

extension StoreConnection {
    /// The value of a query of one aggregate row (`SELECT COUNT(*) AS n …`, `MAX(…) AS n`): a
    /// query that returns no row is a storage error; an aggregate over no rows (`MAX` of
    /// nothing, NULL) is `empty`.
    func aggregate(_ sql: String, _ binds: [SQLValue], empty: Int = 0) async throws -> Int {
        guard let row = try await run(sql, binds).first else {
            throw WorkflowError(.storage, rule: "stored", "聚合查询未返回任何行：\(sql.prefix(60))")
        }
        switch row.values["n"] {
        case nil, .null?: return empty
        default:
            // A value of another type (PostgreSQL's NUMERIC of a SUM) is an error, not a zero.
            guard let n = row.int("n") else { throw WorkflowError(.storage, rule: "stored", "聚合查询的结果不是整数：\(sql.prefix(60))") }
            return n
        }
    }
}
