import Foundation
import Hummingbird
import Render
import Workflow

extension PageRoutes {
    /// What the transfer page shows: path diagram, the actions the caller may take now, letters, log.
    func transferPage(_ t: Transfer, caller: Caller, csrf: String) async throws -> TransferPage {
        let tree = try await api.workflow.tree()
        let me = caller.account.organization
        let nodes = PathDiagram(t.path.organizations, tree: tree, highlight: t.currentHolder, arrowheads: true)
        // What the caller may do comes from the state machine; the page only names the buttons.
        let allowed = Set(t.allowedOperations(for: caller.actor, tree: tree, at: api.workflow.clock.now()))
        let actions = TransferPage.Actions(
            approve: allowed.contains(.approve), accept: allowed.contains(.accept), confirm: allowed.contains(.confirmReport),
            complete: allowed.contains(.complete), recall: allowed.contains(.recall), changeDestination: allowed.contains(.changeDestination),
            returnLetter: allowed.contains(.returnLetter), object: allowed.contains(.object), void: allowed.contains(.void),
            recover: allowed.contains(.recover), receipt: allowed.contains(.recordReceipt))
        // 转入支部 when accepting: the destination, or another branch below a receiving committee.
        let acceptBranches =
            actions.accept
            ? tree.depthFirst(me).compactMap { tree.organizations[$0] }.filter { $0.category.holdsMembers && !$0.isRevoked }
                .map { TransferPage.Choice(id: $0.id.rawValue, name: $0.name, selected: $0.id == t.destination) }
            : []
        // 调整接收党组织: a branch below the caller (the machine checks it is below the holder).
        let destinations =
            actions.changeDestination
            ? tree.depthFirst(me).compactMap { tree.organizations[$0] }.filter { $0.category.holdsMembers && !$0.isRevoked && $0.id != t.destination }
                .map { TransferPage.Choice(id: $0.id.rawValue, name: $0.name) }
            : []
        let partNames: [String: String] = ["stub": "存根（第一联）", "letter": "第二联", "receipt": "回执（第三联）"]
        let inSubtree = { (org: OrganizationID) in tree.isSelfOrAncestor(me, of: org) }
        // A detail of the transfer's page (whose read is audited), not a read of its own.
        let printers = try await api.workflow.printerProfiles(for: caller, audited: false).map(\.name)
        let layouts = try await api.workflow.printLayouts(for: caller, audited: false).map(\.name)
        let letters = t.hops.enumerated().filter { !$0.element.withdrawn }.map { i, hop in
            let allowed = LetterAccess.parts(ofHop: i, in: t, inSubtree: inSubtree)
            return LetterList.Item(
                number: hop.number ?? "", hop: i + 1,
                from: tree.organizations[t.path.organizations[hop.from]]?.name ?? "",
                to: hop.to.map { tree.organizations[t.path.organizations[$0]]?.name ?? "" } ?? "省外",
                automatic: hop.automatic, whole: allowed.count == LetterPart.allCases.count,
                parts: LetterPart.allCases.filter(allowed.contains).map { (part: $0.rawValue, name: partNames[$0.rawValue] ?? "") },
                receipt: hop.receiptReturnedAt != nil && allowed.contains(.receipt))
        }
        let incomingOrigin: String? =
            if case .intoProvince(let origin, _, _) = t.direction, me == t.path.organizations[0], t.originLetterNumber != nil { origin } else { nil }
        let reviewedPhoto = if case .intoProvince(_, _, true) = t.direction { true } else { false }
        let defaults = actions.approve ? try await api.workflow.letterDefaults(t.id, for: caller) : nil
        return TransferPage(
            id: t.id, memberName: t.memberName, type: t.type.rawValue, state: t.stateLabel,
            holder: t.currentHolder.map { tree.organizations[$0]?.name ?? $0.rawValue }, csrf: csrf, nodes: nodes, actions: actions,
            letter: defaults.map {
                TransferPage.LetterDefaults(
                    memberPhone: $0.memberPhone ?? "", addressee: $0.addressee ?? "", address: $0.address ?? "", phone: $0.phone ?? "",
                    fax: $0.fax ?? "", postcode: $0.postcode ?? "")
            },
            acceptBranches: acceptBranches, destinations: destinations,
            returnedReceipt: t.returnedReceipt.map { (returnedOn: $0.returnedOn, number: $0.number ?? "") }, reviewedPhoto: reviewedPhoto,
            incomingOrigin: incomingOrigin, paper: t.paper,
            letters: LetterList(transferID: t.id, items: letters, printers: printers, layouts: layouts),
            archive: ArchiveRules.parts(for: me, in: t).map { "第 \($0.hop + 1) 封的\(partNames[$0.part.rawValue] ?? "")" },
            // The newest letter the caller may see, shown inline.
            latest: letters.last { !$0.parts.isEmpty }.map { TransferPage.Latest(hop: $0.hop, whole: $0.whole, partList: $0.partList) },
            log: TableRows(
                t.log.map {
                    [$0.at.chinaMinute, tree.name(of: $0.actor), $0.person ?? "", $0.operation, $0.to.map(tree.name(ofDestination:)) ?? "", $0.note ?? ""]
                        .map { TableRows.Cell(text: $0) }
                }))
    }

    /// The apply page: member lookup in the caller's subtree, then the form for the chosen one.
    func applyValues(_ request: Request, caller: Caller, csrf: String) async throws -> [String: Any] {
        let q = request.uri.queryParameters
        try await api.workflow.authorizeTransfers(for: caller, action: "apply")
        let tree = try await api.workflow.tree()
        var values: [String: Any] = [
            "csrf": csrf, "name": q["name"].map(String.init) ?? "", "idNumber": q["idNumber"].map(String.init) ?? "",
            "dues": Transfer.Application.thisMonth(Date()),
        ]
        let name = q["name"].map(String.init) ?? ""
        let id = q["idNumber"].map(String.init) ?? ""
        if !name.isEmpty || !id.isEmpty {
            // Every branch of the caller's subtree; the search and its audit entry are the service's.
            values["members"] = try await api.workflow.members(name: name, idNumber: id, limit: 20, for: caller).map { m -> [String: Any] in
                ["id": m.id, "name": m.name, "idNumber": m.idNumber, "organization": tree.organizations[m.organization]?.name ?? ""]
            }
        }
        if let memberID = q["member"].map(String.init), !memberID.isEmpty {
            let m = try await api.workflow.member(memberID, for: caller)
            values["member"] = ["id": m.id, "name": m.name, "sex": m.sex, "ethnicity": m.ethnicity, "category": m.category]
            let contact = tree.basicCommittee(of: m.organization).flatMap { tree.organizations[$0]?.contact }
            values["letter"] = [
                "memberPhone": m.phone, "address": contact?.address ?? "", "phone": contact?.phone ?? "", "fax": contact?.fax ?? "",
                "postcode": contact?.postcode ?? "",
            ]
            let to = q["to"].map { String($0) }
            // Branches, and basic committees (精确到基层党委, seed 003), which name the branch as they accept.
            values["branches"] = tree.organizations.values
                .filter {
                    ($0.category.holdsMembers || $0.isBasicCommittee) && $0.id != m.organization && !$0.isRevoked
                        && !tree.isSelfOrAncestor($0.id, of: m.organization)
                }
                .sorted { $0.id < $1.id }
                .map { ["id": $0.id.rawValue, "name": $0.isBasicCommittee ? $0.name + "（基层党委，接收时选择支部）" : $0.name, "selected": $0.id.rawValue == to] }
            let validity = try IntegerParameter.optional(q["validity"].map { String($0) }, name: "validity", in: 1...365, fallback: 15)
            values["validity"] = validity
            values["validities"] = [7, 10, 15, 30, 90].map { ["days": $0, "selected": $0 == validity] }
            if let dues = q["dues"].map({ String($0) }), !dues.isEmpty { values["dues"] = dues }
            // Out of the province (seed 000: the receiving organization typed by hand, the type chosen).
            let outside = q["mode"] == "out"
            let outsideName = q["outside"].map(String.init) ?? ""
            let letterhead = q["letterhead"].map(String.init) ?? ""
            let outType = q["type"].flatMap { TransferType(rawValue: String($0)) }
            values["outside"] = [
                "chosen": outside, "name": outsideName, "letterhead": letterhead,
                "types": (TransferType.outOfProvince + TransferType.offTree).map { ["type": $0.rawValue, "selected": $0 == outType] },
            ]
            // The path is shown before the transfer can be sent (seed 001: 生成转接路径 → 确认发起).
            if outside {
                let planner = PathPlanner(tree: tree)
                if let path = try?
                    (outType.map(TransferType.offTree.contains) == true
                    ? planner.pathOffTree(from: m.organization) : planner.pathOutOfProvince(from: m.organization))
                {
                    values["preview"] = [
                        "mode": "out", "outside": outsideName, "letterhead": letterhead, "type": outType?.rawValue ?? "（请选择类型）",
                        "outType": outType?.rawValue ?? "",
                        "nodes": PathDiagram(path.organizations, tree: tree, highlight: nil, arrowheads: false),
                    ]
                }
            } else if let to, let path = try? PathPlanner(tree: tree).path(from: m.organization, to: OrganizationID(to)) {
                values["preview"] = [
                    "mode": "in", "to": to,
                    "type": TransferType.derive(source: m.organization, destination: OrganizationID(to), tree: tree).rawValue,
                    "nodes": PathDiagram(path.organizations, tree: tree, highlight: nil, arrowheads: false),
                ]
            }
        }
        return values
    }
}
