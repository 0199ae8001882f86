import Foundation
import LetterModel

extension Transfer {
    private var lastIndex: Int { path.organizations.count - 1 }
    private var leavesProvince: Bool { if case .outOfProvince = direction { true } else { false } }

    /// Who may act now, in words, for errors.
    public var whoMayAct: String {
        switch state {
        case .held(let h, _): "当前由 \(path.organizations[h]) 办理"
        case .issuedOutOfProvince(let n): "当前由 \(path.organizations[n]) 办结或撤回"
        case .awaitingReceipt: "当前等待 \(recordingOrganization) 录入回执"
        case .awaitingReport: "当前等待 \(path.last) 确认报到"
        case .completed: "该转接已完成"
        case .void: "该转接已作废"
        case .recovered: "该党员已找回"
        }
    }

    private func denied(_ what: String) -> WorkflowError {
        WorkflowError(.notAllowed, "不能\(what)：\(whoMayAct)")
    }

    private func holderIndex(_ actor: Actor, _ what: String) throws(WorkflowError) -> Int {
        guard case .held(let h, _) = state else { throw denied(what) }
        switch actor {
        case .organization(let org) where org == path.organizations[h]: return h
        case .system: return h
        default: throw denied(what)
        }
    }

    /// The letter that came to path index `h` and is still in force.
    private func incomingHop(to h: Int) -> Int? {
        hops.lastIndex { $0.to == h && !$0.withdrawn }
    }

    /// Issues the letter from path index `from` to the next organization (or out of the
    /// province), returning its receipt first for the letter `from` received.
    mutating func issue(
        from: Int, validity: Int, automatic: Bool, at now: Date, operation: String,
        amendments: LetterAmendments? = nil
    ) -> [TransferEffect] {
        var effects: [TransferEffect] = []
        let org = path.organizations[from]
        if let incoming = incomingHop(to: from), hops[incoming].receiptReturnedAt == nil {
            hops[incoming].receiptReturnedAt = now
            effects.append(.returnReceipt(hop: incoming, by: org))
        }
        let outward = leavesProvince && from == lastIndex
        hops.append(
            Hop(
                from: from, to: outward ? nil : from + 1, number: nil, issuedAt: now, validityDays: validity,
                automatic: automatic, withdrawn: false, receiptReturnedAt: nil, amendments: amendments))
        effects.append(.issueLetter(hop: hops.count - 1))
        let to: String? =
            outward
            ? {
                if case .outOfProvince(let name, _) = direction { name } else { nil }
            }() : path.organizations[from + 1].rawValue
        appendLog(
            now, automatic ? .system : .organization(org), operation, from: org, to: to,
            note: amendments.map { "核对完善：" + $0.summary })
        state = outward ? .issuedOutOfProvince(by: from) : .held(holder: from + 1, note: nil)
        return effects
    }

    /// Approve and issue a new letter (同意并开新信) to the next organization on the path; at
    /// the national organization of an out-of-province transfer, the final letter out.
    /// `amendments` are what the approver checked and completed on the new letter.
    public mutating func approve(
        by actor: Actor, validityDays: Int = 15, at now: Date,
        operation: String = "同意并开新信", amendments: LetterAmendments? = nil
    ) throws(WorkflowError) -> [TransferEffect] {
        let h = try holderIndex(actor, "同意并开新信")
        guard Letter.allowedValidityDays.contains(validityDays) else {
            throw WorkflowError(.invalid, field: "validityDays", rule: "allowed-values", "有效期应为 7、10、15、30 或 90 天，实为 \(validityDays)")
        }
        guard h < lastIndex || leavesProvince else {
            throw WorkflowError(.notAllowed, "\(path.organizations[h]) 是接收党支部：应办理接收，而不是同意并开新信")
        }
        let completed = try amendments?.checked()
        var effects = issue(
            from: h, validity: validityDays, automatic: actor == .system, at: now, operation: operation,
            amendments: completed?.isEmpty == false ? completed : nil)
        // The turning organization approves by itself when its setting says so.
        if case .held(let next, nil) = state, next == path.turnIndex, path.automaticTurn, next < lastIndex {
            effects += issue(from: next, validity: validityDays, automatic: true, at: now, operation: "自动审批（直属下一级党组织之间直接转接）")
        }
        return effects
    }

    /// Return (退件) the letter one hop back, with a reason.
    public mutating func returnLetter(by actor: Actor, reason: String, at now: Date) throws(WorkflowError) -> [TransferEffect] {
        if case .awaitingReport = state { return try sendBackAfterAcceptance(by: actor, note: .returned(reason), reason: reason, operation: "退回", at: now) }
        let h = try holderIndex(actor, "退件")
        try sendBack(from: h, note: .returned(reason), reason: reason, operation: "退件", at: now)
        return []
    }

    /// Objection (异议反馈) from the receiving branch: the letter goes back up for re-approval.
    public mutating func object(by actor: Actor, feedback: String, at now: Date) throws(WorkflowError) -> [TransferEffect] {
        if case .awaitingReport = state {
            guard actor == .organization(path.last) else { throw WorkflowError(.notAllowed, "只有接收党支部可以提出异议反馈：\(whoMayAct)") }
            return try sendBackAfterAcceptance(by: actor, note: .objection(feedback), reason: feedback, operation: "异议反馈", at: now)
        }
        let h = try holderIndex(actor, "提出异议")
        guard h == lastIndex, !leavesProvince else {
            throw WorkflowError(.notAllowed, "只有接收党支部可以提出异议反馈：\(whoMayAct)")
        }
        try sendBack(from: h, note: .objection(feedback), reason: feedback, operation: "异议反馈", at: now)
        return []
    }

    /// After acceptance, before the member reported (报到和退回, seed 001): the receiving branch
    /// or an organization above it on the receiving side sends the member back, or the branch
    /// objects. The letter it received is withdrawn and goes back to its issuer for a new
    /// decision; a member who came from within the province is back at the source branch, in
    /// transfer again.
    private mutating func sendBackAfterAcceptance(
        by actor: Actor, note: Note, reason: String, operation: String,
        at now: Date
    ) throws(WorkflowError) -> [TransferEffect] {
        guard case .organization(let org) = actor, let h = path.organizations.lastIndex(of: org), h >= path.turnIndex, h > initiator else {
            throw WorkflowError(.notAllowed, "只有接收党支部或接收方的上级党组织可以在报到前\(operation)：\(whoMayAct)")
        }
        guard !reason.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw WorkflowError(.invalid, field: "reason", rule: "required", "\(operation)须填写原因")
        }
        guard let incoming = incomingHop(to: lastIndex) else {
            throw WorkflowError(.notAllowed, "没有可退回的介绍信：\(whoMayAct)")
        }
        hops[incoming].withdrawn = true
        let back = hops[incoming].from
        appendLog(now, actor, operation + "（接收后、报到前）", from: org, to: path.organizations[back].rawValue, note: reason)
        state = .held(holder: back, note: note)
        if case .intoProvince = direction { return [.memberStatus(.inTransfer)] }
        return [.sendMemberBack(from: path.last, to: source)]
    }

    private mutating func sendBack(from h: Int, note: Note, reason: String, operation: String, at now: Date) throws(WorkflowError) {
        guard !reason.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw WorkflowError(.invalid, field: "reason", rule: "required", "\(operation)须填写原因")
        }
        guard h > initiator, let incoming = incomingHop(to: h) else {
            throw WorkflowError(.notAllowed, "已到发起组织，不能再\(operation)；发起组织可以作废或重新开具")
        }
        hops[incoming].withdrawn = true
        let back = hops[incoming].from
        appendLog(
            now, .organization(path.organizations[h]), operation, from: path.organizations[h],
            to: path.organizations[back].rawValue, note: reason)
        state = .held(holder: back, note: note)
    }

    /// Void (废件) by the originating organization once the letter has come back to it.
    public mutating func void(by actor: Actor, reason: String, at now: Date) throws(WorkflowError) -> [TransferEffect] {
        guard case .held(let h, let note) = state, h == initiator, note != nil || hops.isEmpty,
            actor == .organization(path.organizations[initiator])
        else {
            throw WorkflowError(.notAllowed, "只有发起组织在介绍信退回后可以作废：\(whoMayAct)")
        }
        guard !reason.trimmingCharacters(in: .whitespaces).isEmpty else { throw WorkflowError(.invalid, field: "reason", rule: "required", "作废须填写原因") }
        appendLog(now, actor, "废件", from: path.organizations[h], to: nil, note: reason)
        state = .void(reason: reason, at: now)
        return [.memberStatus(.active)]
    }

    /// Change the destination (调整接收党组织) to a branch under the acting receiving-side
    /// organization; the rest of the path is recomputed.
    public mutating func changeDestination(
        by actor: Actor, to newDestination: OrganizationID, tree: OrganizationTree,
        at now: Date
    ) throws(WorkflowError) -> [TransferEffect] {
        let h = try holderIndex(actor, "调整接收党组织")
        // A destination sent to a basic committee (精确到基层党委) is made a branch by the committee itself.
        let lastIsBranch = tree.organizations[path.last]?.category.holdsMembers ?? true
        guard !leavesProvince, h >= path.turnIndex, h < lastIndex || !lastIsBranch else {
            throw WorkflowError(.notAllowed, "只有接收方的上级党组织（不含接收党支部）可以调整接收党组织：\(whoMayAct)")
        }
        let tail = try PathPlanner(tree: tree).descent(from: path.organizations[h], to: newDestination)
        var new = path
        new.organizations = Array(path.organizations[0...h]) + tail
        let direction: TransferDirection =
            switch self.direction {
            case .intoProvince(let origin, _, let review): .intoProvince(origin: origin, destination: newDestination, manualReview: review)
            default: .inProvince(destination: newDestination)
            }
        let old = destinationName(tree)
        replacePath(new, direction: direction, tree: tree)
        appendLog(now, actor, "调整接收党组织", from: path.organizations[h], to: tree.organizations[newDestination]?.name, note: "原接收党组织：\(old)")
        return []
    }

    /// Accept (接收): by the destination branch, or by a basic committee into one of its
    /// branches (the steps down are filled in). The member record moves.
    public mutating func accept(by actor: Actor, note: String = "", tree: OrganizationTree? = nil, at now: Date) throws(WorkflowError) -> [TransferEffect] {
        let h = try holderIndex(actor, "接收")
        guard !leavesProvince else { throw WorkflowError(.notAllowed, "转往省外的转接由全国范围的党组织办结，不在省内接收") }
        if let tree, tree.organizations[path.last]?.category.holdsMembers == false {
            throw WorkflowError(.invalid, field: "to", rule: "branch", "接收党组织不是党支部：请选择转入支部（先调整接收党组织）再接收")
        }
        var effects: [TransferEffect] = []
        if h < lastIndex {
            guard h >= path.turnIndex, case .organization(let org) = actor,
                path.organizations[h...].contains(org), basicCommittees.contains(org)
            else {
                throw WorkflowError(.notAllowed, "只有接收党支部，或其所在基层党委，可以办理接收：\(whoMayAct)")
            }
            for i in h..<lastIndex {
                effects += issue(from: i, validity: hops.last?.validityDays ?? 15, automatic: true, at: now, operation: "自动补齐")
            }
        }
        let destination = path.last
        if let incoming = incomingHop(to: lastIndex), hops[incoming].receiptReturnedAt == nil {
            hops[incoming].receiptReturnedAt = now
            effects.append(.returnReceipt(hop: incoming, by: destination))
        }
        let from: OrganizationID? = if case .intoProvince = direction { nil } else { source }
        effects.append(.moveMember(from: from, to: destination))
        appendLog(
            now, actor, "接收", from: path.organizations[h], to: destination.rawValue,
            note: note.trimmingCharacters(in: .whitespaces).isEmpty || note == "—" ? nil : note)
        state = .awaitingReport(since: now)
        return effects
    }

    /// Confirm that the member has reported (确认报到): the transfer is complete.
    public mutating func confirmReporting(by actor: Actor, at now: Date) throws(WorkflowError) -> [TransferEffect] {
        guard case .awaitingReport = state, actor == .organization(path.last) else {
            throw WorkflowError(.notAllowed, "只有接收党支部在接收后可以确认报到：\(whoMayAct)")
        }
        appendLog(now, actor, "确认报到", from: path.last, to: nil)
        state = .completed(at: now)
        return []
    }

    /// Recall (撤回): the national organization after issuing out of the province, or the
    /// organization that issued the letter now held, before its receiver acted.
    public mutating func recall(by actor: Actor, at now: Date) throws(WorkflowError) -> [TransferEffect] {
        switch state {
        case .issuedOutOfProvince(let n) where actor == .organization(path.organizations[n]):
            if let last = currentHop { hops[last].withdrawn = true }
            appendLog(now, actor, "撤回", from: path.organizations[n], to: nil)
            state = .held(holder: n, note: .recalled)
            return []
        case .held(let h, _) where h == 0 && hops.isEmpty:
            guard case .member(let id) = actor, id == memberID else { break }
            appendLog(now, actor, "撤回申请", from: nil, to: nil)
            state = .void(reason: "党员撤回申请", at: now)
            return [.memberStatus(.active)]
        case .held(let h, _) where h > 0:
            guard let incoming = incomingHop(to: h), !hops[incoming].automatic,
                actor == .organization(path.organizations[hops[incoming].from])
            else { break }
            hops[incoming].withdrawn = true
            let back = hops[incoming].from
            appendLog(now, actor, "撤回", from: path.organizations[back], to: path.organizations[h].rawValue)
            state = .held(holder: back, note: .recalled)
            return []
        default:
            break
        }
        throw WorkflowError(.notAllowed, "不能撤回：只有开出当前介绍信、且对方尚未办理的党组织可以撤回；\(whoMayAct)")
    }

    /// Complete out of system (办结) an out-of-province transfer after issuing its letter: the
    /// member leaves the in-province records; the source awaits the receipt.
    public mutating func completeOutOfSystem(by actor: Actor, at now: Date) throws(WorkflowError) -> [TransferEffect] {
        guard case .issuedOutOfProvince(let n) = state, actor == .organization(path.organizations[n]) else {
            throw WorkflowError(.notAllowed, "只有开出最后一封介绍信（转往省外或组织树外）的党组织可以办结：\(whoMayAct)")
        }
        appendLog(now, actor, "办结", from: path.organizations[n], to: nil)
        state = .awaitingReceipt(since: now)
        return [.moveMember(from: source, to: nil)]
    }

    /// Record the receipt returned from outside (录入回执): the transfer completes.
    public mutating func recordReceipt(by actor: Actor, note: String, receipt: ReturnedReceipt? = nil, at now: Date) throws(WorkflowError) -> [TransferEffect] {
        guard case .awaitingReceipt(let since) = state, actor == .organization(recordingOrganization) else {
            throw WorkflowError(.notAllowed, "只有原基层党委在办结后可以录入回执：\(whoMayAct)")
        }
        if let receipt {
            guard case .day(let day) = ChinaDay.parse(receipt.returnedOn) else {
                throw WorkflowError(.invalid, field: "returnedOn", rule: "date", "回执日期应为日历上的一天（YYYY-MM-DD），实为“\(Limits.clipped(receipt.returnedOn, to: 20))”")
            }
            guard day <= now, ChinaDay.end(ofLastDay: day) > hops.first?.issuedAt ?? since else {
                throw WorkflowError(.invalid, field: "returnedOn", rule: "order", "回执日期 \(receipt.returnedOn) 应在开具介绍信之后、不晚于今天")
            }
            returnedReceipt = receipt
        }
        let recorded = receipt.map { r in
            ["回执日期 \(r.returnedOn)", r.number.map { "编号 \($0)" }, "扫描件（\(r.scan == "pdf" ? "PDF" : "照片")）", note.isEmpty ? nil : note]
                .compactMap { $0 }.joined(separator: "；")
        }
        appendLog(now, actor, "录入回执", from: recordingOrganization, to: nil, note: recorded ?? note)
        state = .completed(at: now)
        return []
    }

    /// Recover (找回) a member wrongly completed out of system, by the source branch; the
    /// transfer record is kept.
    public mutating func recover(by actor: Actor, reason: String, at now: Date) throws(WorkflowError) -> [TransferEffect] {
        let eligible: Bool =
            switch state {
            case .awaitingReceipt, .completed: leavesProvince
            default: false
            }
        guard eligible, actor == .organization(source) else {
            throw WorkflowError(.notAllowed, "只有原党支部可以找回已办结转出省外的党员：\(whoMayAct)")
        }
        appendLog(now, actor, "找回", from: nil, to: source.rawValue, note: reason)
        state = .recovered(at: now)
        return [.restoreMember(at: source)]
    }
}
