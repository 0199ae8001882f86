/// A whole history the door granted for export (转出历史 / 接收历史 as a spreadsheet): read a
/// page at a time while it is written out, so that a year of a province's transfers leaves
/// with flat memory and none is cut off.
public struct HistoryExport: Sendable {
    let service: WorkflowService
    let organization: OrganizationID
    let outgoing: Bool
    let filter: HistoryFilter

    /// Rows read at a time.
    public static let pageSize = 1_000

    /// Hands the history to `body` page by page, newest first, until the end.
    public func forEachPage(_ body: ([TransferSummary]) async throws -> Void) async throws {
        var last: TransferSummary?
        while true {
            let page = try await service.history(of: organization, outgoing: outgoing, filter: filter, limit: Self.pageSize, after: last)
            guard !page.isEmpty else { return }
            try await body(page)
            guard page.count == Self.pageSize else { return }
            last = page.last
        }
    }
}
