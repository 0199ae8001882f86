import Foundation

/// The door for what an administrator reads: queue, overview, histories, lists, statistics,
/// members, archives and seals. Each read is decided here (role, subtree) and audited here, a
/// spreadsheet export under its own action; the pages, the API and the command line only ask.
extension WorkflowService {
    /// The caller's queue (待办): its counts and the transfers it must act on, earliest expiry first.
    public func queue(for caller: Caller, limit: Int = 50) async throws -> (counts: QueueCounts, items: [TransferSummary]) {
        let org = caller.account.organization
        return try await read(caller, "view-queue", target: org.rawValue) {
            (try await queueCounts(of: org), try await queue(of: org, limit: limit))
        }
    }

    /// This year's figures of the caller's subtree.
    public func overview(for caller: Caller) async throws -> Overview {
        try await read(caller, "view-overview", target: caller.account.organization.rawValue) {
            try await overview(of: caller.account.organization)
        }
    }

    /// The outgoing (or incoming) history of the caller's organization as `filter` selects;
    /// `exported` when it leaves as a spreadsheet (audited as `export-history`).
    public func history(
        outgoing: Bool, filter: HistoryFilter = HistoryFilter(), exported: Bool = false,
        for caller: Caller
    ) async throws -> [TransferSummary] {
        let org = caller.account.organization
        return try await read(caller, exported ? "export-history" : "view-history", target: Self.describe(org, outgoing ? "out" : "in", filter)) {
            try await history(of: org, outgoing: outgoing, filter: filter)
        }
    }

    /// The whole outgoing (or incoming) history `filter` selects, for export: granted and
    /// audited (`export-history`) here, read page by page by the returned value as it is written.
    public func historyExport(outgoing: Bool, filter: HistoryFilter = HistoryFilter(), for caller: Caller) async throws -> HistoryExport {
        let org = caller.account.organization
        return try await read(caller, "export-history", target: Self.describe(org, outgoing ? "out" : "in", filter)) {
            HistoryExport(service: self, organization: org, outgoing: outgoing, filter: filter)
        }
    }

    /// One of the three views of transfers acted on (本组织, 下级, 自动审批).
    public func acted(view: ActedView, for caller: Caller) async throws -> [TransferSummary] {
        try await read(caller, "view-list", target: "\(caller.account.organization.rawValue) \(view.rawValue)") {
            try await acted(by: caller.account.organization, view: view)
        }
    }

    /// Members accepted in the caller's subtree who have not reported yet (未报到).
    public func notReported(for caller: Caller) async throws -> [TransferSummary] {
        try await read(caller, "view-not-reported", target: caller.account.organization.rawValue) {
            try await notReported(under: caller.account.organization)
        }
    }

    /// The grouped statistics of members transferred out of the caller's subtree in
    /// the days `from` through `until` (both included); `exported` when it leaves as a spreadsheet.
    public func statistics(from: Date, until: Date, exported: Bool = false, for caller: Caller) async throws -> Statistics {
        let target = "\(caller.account.organization.rawValue) \(Int64(from.timeIntervalSince1970))..\(Int64(until.timeIntervalSince1970))"
        return try await read(caller, exported ? "export-statistics" : "view-statistics", target: target) {
            guard from <= until else { throw WorkflowError(.invalid, field: "until", rule: "order", "统计期间的开始不能晚于结束") }
            return try await statistics(under: caller.account.organization, from: from, until: until)
        }
    }

    /// Members of the caller's subtree: of `branch` (the caller's own organization when nil,
    /// every branch below it when that holds no members), those whose name contains `name` and
    /// whose ID number is `idNumber`, at most `limit`. A branch outside the subtree is answered
    /// as one that does not exist.
    public func members(
        in branch: OrganizationID? = nil, includeDescendants: Bool = false, name: String = "", idNumber: String = "",
        limit: Int = 1000, for caller: Caller
    ) async throws -> [PartyMember] {
        let target = Self.describe(branch ?? caller.account.organization, name, idNumber)
        return try await read(caller, "search-members", target: target) {
            try Limits.check(name, field: "name", max: Limits.personName)
            try Limits.check(idNumber, field: "idNumber", max: Limits.identifier)
            let tree = try await tree()
            let root = try ownOrganization(branch ?? caller.account.organization, of: caller, in: tree, field: "branch")
            if branch != nil && !includeDescendants {
                return try await members(in: root).filter { (name.isEmpty || $0.name.contains(name)) && (idNumber.isEmpty || $0.idNumber == idNumber) }
                    .prefix(limit).map { $0 }
            }
            // The whole subtree, in the database (a province's 200,000 members are not read to find one).
            let (low, high) = subtreeRange(root, tree: tree)
            return try await store.read { try await Repository(c: $0).searchMembers(low: low, high: high, name: name, idNumber: idNumber, limit: limit) }
        }
    }

    /// One member of the caller's subtree (a record: its entry is stored before it is shown).
    public func member(_ id: MemberID, for caller: Caller) async throws -> PartyMember {
        let target = "member " + Limits.clipped(id, to: Limits.identifier)
        return try await read(caller, "view-member", target: target, waits: true) {
            let missing = WorkflowError(.notFound, field: "member", rule: "subtree", "没有党员 \(Limits.clipped(id, to: Limits.identifier))")
            guard id.unicodeScalars.count <= Limits.identifier else { throw missing }
            let member: PartyMember
            do { member = try await self.member(id) } catch let error as WorkflowError where error.code == .notFound { throw missing }
            guard try await tree().isSelfOrAncestor(caller.account.organization, of: member.organization) else { throw missing }
            return member
        }
    }

    /// The parts of transfer `id` the caller's organization keeps in its archive.
    public func archive(ofTransfer id: TransferID, for caller: Caller) async throws -> [ArchivePart] {
        let transfer = try await self.transfer(id, for: caller, audit: "view-archive", refusedAs: "view-archive")
        return ArchiveRules.parts(for: caller.account.organization, in: transfer)
    }

    /// Every seal version of the caller's organization: when and by whom.
    public func sealHistory(for caller: Caller) async throws -> [(version: Int, uploadedAt: String, uploader: String)] {
        try await read(caller, "view-seals", target: caller.account.organization.rawValue) {
            try await sealHistory(org: caller.account.organization)
        }
    }

    /// The JPEG of seal `version` of `org` in the caller's subtree; nothing for one outside it.
    public func sealJPEG(org: OrganizationID, version: Int, for caller: Caller) async throws -> Data {
        try await read(caller, "view-seal", target: "\(Limits.clipped(org.rawValue, to: Limits.identifier))#\(version)") {
            let missing = WorkflowError(.notFound, field: "seal", rule: "subtree", "没有这枚印章")
            guard try await tree().isSelfOrAncestor(caller.account.organization, of: org),
                let jpeg = try await sealJPEG(org: org, version: version)
            else { throw missing }
            return jpeg
        }
    }

    /// The organizations of the caller's subtree, depth first, each with its depth below the
    /// caller's own (for choosing one: archive exports, accounts, permissions). `roles` are
    /// those the page is for; `action`, when given, is audited.
    public func organizations(for caller: Caller, roles: Set<Role>, audit action: String?) async throws -> [(organization: Organization, depth: Int)] {
        let list = { () async throws -> [(organization: Organization, depth: Int)] in
            let tree = try await self.tree()
            let base = tree.lineage(caller.account.organization).count
            return tree.depthFirst(caller.account.organization).compactMap { id in
                tree.organizations[id].flatMap { $0.isRevoked ? nil : ($0, tree.lineage(id).count - base) }
            }
        }
        guard let action else {
            try require(caller, roles)
            return try await list()
        }
        return try await read(caller, action, target: caller.account.organization.rawValue, roles: roles, list)
    }

    /// A target for the audit log naming what was asked for (blank parts left out).
    static func describe(_ org: OrganizationID, _ parts: String...) -> String {
        Limits.clipped(([org.rawValue] + parts.filter { !$0.isEmpty }).joined(separator: " "), to: 200)
    }

    static func describe(_ org: OrganizationID, _ direction: String, _ filter: HistoryFilter) -> String {
        describe(
            org, direction, filter.name ?? "", filter.idNumber ?? "", filter.type?.rawValue ?? "",
            filter.source.map { "source=" + $0.rawValue } ?? "", filter.destination.map { "destination=" + $0.rawValue } ?? "",
            filter.sex ?? "", filter.ethnicity ?? "", filter.includeDescendants ? "" : "own-only")
    }
}
