import Foundation
import LetterModel

/// The door for transfers: the API and the pages hand the caller in, and the service decides
/// here — role, subtree, then the state machine's rule — and audits: a read or a change with
/// its outcome, a refusal with the rule that refused it. A change's entry is written in the
/// change's own transaction; what lies outside the caller's subtree is answered exactly as what
/// does not exist.
extension WorkflowService {
    /// Only administrators act on transfers (§9); others are refused by role.
    func requireAdministrator(_ caller: Caller) throws(WorkflowError) {
        try require(caller, [.administrator])
    }

    /// Refuses `caller`, and audits the refusal as `action`, unless its role does transfers
    /// (§9): for a page that shows a blank form before anything is read or changed.
    public func authorizeTransfers(for caller: Caller, action: String) async throws {
        do {
            try requireAdministrator(caller)
        } catch {
            try await audit(caller, action, target: caller.account.organization.rawValue, outcome: error.code.rawValue)
            throw error
        }
    }

    /// Refuses `caller` unless its role is one of `roles` (§9: three roles, each its own work).
    func require(_ caller: Caller, _ roles: Set<Role>) throws(WorkflowError) {
        guard !roles.contains(caller.account.role) else { return }
        let names = Role.allCases.filter(roles.contains).map(\.label).joined(separator: "和")
        throw WorkflowError(.wrongRole, rule: "role", "只有\(names)可以做这件事（当前角色：\(caller.account.role.label)）")
    }

    /// Runs the read `body` for `caller` if its role is one of `roles`, and audits it as
    /// `action` on `target`: a list without waiting for the entry's commit, a member's record
    /// (`waits`) only once the entry is stored; a refusal with its code, always waited for.
    func read<T>(
        _ caller: Caller, _ action: String, target: String, roles: Set<Role> = [.administrator], waits: Bool = false,
        _ body: () async throws -> T
    ) async throws -> T {
        do {
            try require(caller, roles)
            let value = try await body()
            let done = entry(caller, action, target: target, outcome: "ok")
            if waits { try await auditWriter.append(done) } else { auditWriter.enqueue(done) }
            return value
        } catch let error as WorkflowError {
            try await audit(caller, action, target: target, outcome: error.code.rawValue)
            throw error
        }
    }

    /// Runs the change `body` for `caller` if its role is one of `roles`; `body` writes the
    /// entry it is handed in the change's own transaction. A refusal is audited with its code.
    func change<T>(
        _ caller: Caller, _ action: String, target: String, roles: Set<Role> = [.administrator],
        _ body: (AuditEntry) async throws -> T
    ) async throws -> T {
        do {
            try require(caller, roles)
            return try await body(entry(caller, action, target: target, outcome: "ok"))
        } catch let error as WorkflowError {
            try await audit(caller, action, target: target, outcome: error.code.rawValue)
            throw error
        }
    }

    /// `id` when `caller`'s subtree holds it; otherwise the answer for an organization that
    /// does not exist (§9: what lies outside looks like nothing).
    func ownOrganization(_ id: OrganizationID, of caller: Caller, in tree: OrganizationTree, field: String = "org") throws(WorkflowError) -> OrganizationID {
        guard tree.organizations[id] != nil, tree.isSelfOrAncestor(caller.account.organization, of: id) else {
            throw WorkflowError(.notFound, field: field, rule: "subtree", "本账号的下级中没有组织 \(Limits.clipped(id.rawValue, to: Limits.identifier))")
        }
        return id
    }

    /// The transfer `id` as `caller` may see it: an organization of its subtree is on the path.
    /// `action`, when given, is audited (a read of a member's record); a refusal always is, as
    /// `action` or as a view.
    public func transfer(
        _ id: TransferID, for caller: Caller, audit action: String? = "view-transfer",
        refusedAs refusal: String = "view-transfer"
    ) async throws -> Transfer {
        do {
            let transfer = try await visible(id, to: caller)
            if let action { try await audit(caller, action, target: transfer.id, outcome: "ok") }
            return transfer
        } catch let error as WorkflowError {
            try await audit(caller, action ?? refusal, target: Limits.clipped(id, to: Limits.identifier), outcome: error.code.rawValue)
            throw error
        }
    }

    /// Runs `operation` on transfer `id` for `caller`: role, subtree, the machine's rule; the
    /// change and its audit entry in one transaction, a refusal audited with its code.
    /// Accepting (接收) records 转入支部 (`destination`), 办理人联系电话 (`handlerPhone`) and 备注
    /// (`reason`) in the log line.
    public func perform(
        _ operation: TransferOperation, on id: TransferID, for caller: Caller, reason: String = "",
        destination: OrganizationID? = nil, validityDays: Int = 15, handlerPhone: String? = nil,
        letter amendments: LetterAmendments? = nil
    ) async throws -> Transfer {
        do {
            let seen = try await visible(id, to: caller)
            if operation == .recordReceipt {
                throw WorkflowError(
                    .invalid, field: "scan", rule: "required",
                    "录入回执须填写回执日期并上传回执扫描件或照片：POST /api/transfers/\(Limits.clipped(id, to: Limits.identifier))/receipt，或转接页面的“录入回执”")
            }
            var completed = amendments
            if operation == .approve, let amendments {
                completed = try await changedAmendments(amendments, of: seen, validityDays: validityDays, for: caller)
            }
            var note = reason
            if operation == .accept {
                let phone = handlerPhone?.trimmingCharacters(in: .whitespaces) ?? ""
                if !phone.isEmpty && !(FieldRules.isMobile(phone) || FieldRules.isLandline(phone)) {
                    throw WorkflowError(.invalid, field: "phone", rule: "phone", "办理人联系电话应为手机号码或带区号的固定电话，实为“\(Limits.clipped(phone, to: 20))”")
                }
                let remark = reason.trimmingCharacters(in: .whitespaces)
                note = [phone.isEmpty ? nil : "办理人联系电话 \(phone)", remark.isEmpty ? nil : "备注 \(remark)"].compactMap { $0 }.joined(separator: "；")
            }
            return try await perform(
                operation, on: id, by: caller.actor, reason: note, destination: destination,
                validityDays: validityDays, amendments: completed, caller: caller)
        } catch let error as WorkflowError {
            try await audit(caller, operation.rawValue, target: Limits.clipped(id, to: Limits.identifier), outcome: error.code.rawValue)
            throw error
        }
    }

    /// The transfer if `caller`'s role acts on transfers and its subtree holds an organization on
    /// the path; otherwise the answer for a transfer that does not exist.
    private func visible(_ id: TransferID, to caller: Caller) async throws -> Transfer {
        // A member sees their own transfers, as if every other did not exist.
        if caller.account.role == .member {
            guard let member = caller.account.member, let t = try? await self.transfer(id), t.memberID == member else {
                throw WorkflowError(.notFound, "没有转接 \(Limits.clipped(id, to: Limits.identifier))")
            }
            return t
        }
        try requireAdministrator(caller)
        let missing = WorkflowError(.notFound, "没有转接 \(Limits.clipped(id, to: Limits.identifier))")
        guard id.unicodeScalars.count <= Limits.identifier else { throw missing }
        let transfer: Transfer
        do {
            transfer = try await self.transfer(id)
        } catch let error as WorkflowError where error.code == .notFound {
            throw missing
        }
        let tree = try await tree()
        guard transfer.path.organizations.contains(where: { tree.isSelfOrAncestor(caller.account.organization, of: $0) }) else { throw missing }
        return transfer
    }

    /// Starts a transfer out of a member's branch for `caller` (an administrator, acting as its
    /// organization); a member outside its subtree is answered as no member.
    public func applyOut(
        member memberID: MemberID, direction: TransferDirection, type: TransferType? = nil,
        application: Transfer.Application, for caller: Caller
    ) async throws -> Transfer {
        do {
            try requireAdministrator(caller)
            var application = application
            if let amendments = application.amendments {
                // Only what differs from the register is kept with the first letter and logged.
                var a = try amendments.checked()
                let member = try await self.member(memberID)
                let tree = try await tree()
                let contact = tree.basicCommittee(of: member.organization).flatMap { tree.organizations[$0]?.contact }
                if a.memberPhone == member.phone { a.memberPhone = nil }
                if a.address == contact?.address { a.address = nil }
                if a.phone == contact?.phone { a.phone = nil }
                if a.fax == contact?.fax { a.fax = nil }
                if a.postcode == contact?.postcode { a.postcode = nil }
                application.amendments = a.isEmpty ? nil : a
            }
            return try await applyOut(
                member: memberID, direction: direction, type: type, application: application,
                by: caller.actor, caller: caller)
        } catch let error as WorkflowError {
            try await audit(caller, "apply", target: "member " + Limits.clipped(memberID, to: Limits.identifier), outcome: error.code.rawValue)
            throw error
        }
    }

    // MARK: Organizations: permissions, letterhead, seal

    /// Sets an organization's transfer permissions (§9: the security officer, within its
    /// subtree); the change and its entry in one transaction, a refusal audited.
    public func setPermissions(of id: OrganizationID, mayTransfer: Bool?, autoApprove: Bool?, for caller: Caller) async throws -> TransferPermissions {
        let target = Limits.clipped(id.rawValue, to: Limits.identifier)
        do {
            try require(caller, [.securityOfficer])
            _ = try ownOrganization(id, of: caller, in: try await tree(), field: "id")
            let org = try await update(id, audit: entry(caller, "set-permissions", target: target, outcome: "ok")) {
                if let mayTransfer { $0.permissions.mayTransfer = mayTransfer }
                if let autoApprove { $0.permissions.autoApprove = autoApprove }
            }
            return org.permissions
        } catch let error as WorkflowError {
            try await audit(caller, "set-permissions", target: target, outcome: error.code.rawValue)
            throw error
        }
    }

    /// Sets the heading (抬头) of the caller's own organization (an administrator's).
    public func setLetterhead(_ text: String, for caller: Caller) async throws {
        let letterhead = text.trimmingCharacters(in: .whitespaces)
        let target = caller.account.organization.rawValue
        do {
            try requireAdministrator(caller)
            guard !letterhead.isEmpty, letterhead.unicodeScalars.count <= Limits.letterhead else {
                throw WorkflowError(.invalid, field: "letterhead", rule: "required", "介绍信抬头不能为空，最多 \(Limits.letterhead) 个字")
            }
            _ = try await update(caller.account.organization, audit: entry(caller, "set-letterhead", target: "\(target) \(letterhead)", outcome: "ok")) {
                $0.letterhead = letterhead
            }
        } catch let error as WorkflowError {
            try await audit(caller, "set-letterhead", target: target, outcome: error.code.rawValue)
            throw error
        }
    }

    /// Uploads a new seal for the caller's own organization (an administrator's).
    @discardableResult
    public func uploadSeal(jpeg: Data, for caller: Caller) async throws -> Int {
        let target = caller.account.organization.rawValue
        do {
            try requireAdministrator(caller)
            return try await uploadSeal(
                org: caller.account.organization, jpeg: jpeg, uploader: caller.account.name,
                audit: entry(caller, "upload-seal", target: target, outcome: "ok"))
        } catch let error as WorkflowError {
            try await audit(caller, "upload-seal", target: target, outcome: error.code.rawValue)
            throw error
        }
    }

    /// Returns once every audit entry this process queued is committed: a read's entry is
    /// queued without waiting, and a command about to exit must not lose it.
    public func auditCommitted() async throws {
        try await auditWriter.barrier()
    }

    func entry(_ caller: Caller, _ action: String, target: String, outcome: String) -> AuditEntry {
        AuditEntry(at: clock.now(), account: caller.account.name, address: caller.address, action: action, target: target, outcome: outcome)
    }

    /// Appends an entry for `caller` (group-committed; returns once stored).
    func audit(_ caller: Caller, _ action: String, target: String, outcome: String) async throws {
        try await auditWriter.append(entry(caller, action, target: target, outcome: outcome))
    }
}
