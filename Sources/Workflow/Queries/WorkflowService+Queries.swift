import Foundation
import LetterModel

extension WorkflowService {
    /// The bounds of a subtree in materialized paths: `path` up to (not including) `path` with
    /// its last `/` bumped, which every driver's B-tree index answers as a range.
    func subtreeRange(_ org: OrganizationID, tree: OrganizationTree) -> (String, String) {
        let path = tree.materializedPath(org)
        return (path, String(path.dropLast()) + "0")
    }

    /// The queue (待办) of `org`: transfers it must act on, earliest expiry first.
    public func queue(of org: OrganizationID, limit: Int = 50, offset: Int = 0) async throws -> [TransferSummary] {
        let now = clock.now()
        return try await store.read { try await TransferQueryRepository(c: $0).queue(of: org, limit: limit, offset: offset, now: now) }
    }

    /// Queue counts of `org` and of its subordinates.
    public func queueCounts(of org: OrganizationID) async throws -> QueueCounts {
        let tree = try await tree()
        let range = subtreeRange(org, tree: tree)
        let (own, all) = try await store.read { try await TransferQueryRepository(c: $0).queueCounts(of: org, subtree: range) }
        return QueueCounts(own: own, subordinates: all - own)
    }

    /// Transfers `org` acted on (已办 / 查看转接情况·本组织), newest first; `automatic` lists
    /// only those approved automatically here; `subordinates` those acted on below it.
    public func acted(by org: OrganizationID, view: ActedView = .mine, limit: Int = 50) async throws -> [TransferSummary] {
        let now = clock.now()
        let range = subtreeRange(org, tree: try await tree())
        return try await store.read { try await TransferQueryRepository(c: $0).acted(by: org, view: view, subtree: range, limit: limit, now: now) }
    }

    /// The three views of §5.
    public enum ActedView: String, Sendable, CaseIterable {
        /// Acted on by this organization.
        case mine
        /// Acted on by its descendants only.
        case subordinates
        /// Approved automatically here.
        case automatic
    }

    /// Outgoing (转出历史) or incoming (接收历史) history of `org`, filtered, newest first, at
    /// most `limit`; `after` continues past the last row of a previous page (its creation time
    /// and id), so that an export reads the whole history page by page.
    public func history(
        of org: OrganizationID, outgoing: Bool, filter: HistoryFilter = HistoryFilter(), limit: Int = 200,
        after: TransferSummary? = nil
    ) async throws -> [TransferSummary] {
        let now = clock.now()
        let tree = try await tree()
        var selection = TransferQueryRepository.HistorySelection(
            outgoing: outgoing, own: filter.includeDescendants ? .subtree(subtreeRange(org, tree: tree)) : .organization(org))
        // 转出单位 and 接收单位 with 包含下级: a subtree of the tree; a code not in it matches nothing.
        for (end, chosen) in [(\TransferQueryRepository.HistorySelection.source, filter.source), (\.destination, filter.destination)] {
            guard let chosen else { continue }
            guard tree.organizations[chosen] != nil else { return [] }
            selection[keyPath: end] = subtreeRange(chosen, tree: tree)
        }
        if let name = filter.name, !name.isEmpty { selection.name = name }
        if let id = filter.idNumber, !id.isEmpty { selection.idNumber = id }
        selection.type = filter.type
        if let sex = filter.sex, !sex.isEmpty { selection.sex = sex }
        if let text = filter.ethnicity, !text.isEmpty {
            guard let ethnicity = FieldRules.ethnicity(text) else { return [] }
            selection.ethnicity = ethnicity
        }
        selection.from = filter.from
        selection.until = filter.until
        selection.after = after.map { ($0.createdAt, $0.id) }
        let chosen = selection
        return try await store.read { try await TransferQueryRepository(c: $0).history(chosen, limit: limit, now: now) }
    }

    /// Accepted transfers whose member has not reported yet (未报到), in `org`'s subtree.
    public func notReported(under org: OrganizationID) async throws -> [TransferSummary] {
        let now = clock.now()
        let range = subtreeRange(org, tree: try await tree())
        return try await store.read { try await TransferQueryRepository(c: $0).notReported(into: range, now: now) }
    }
}
