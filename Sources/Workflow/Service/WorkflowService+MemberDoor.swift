import Foundation

/// The door for a member's own account (seed 002 党员e家, seed 003): the member applies for
/// their own transfer and follows it — where it stands and why it came back. The application
/// waits at the branch, which approves it (it then goes on as the branch's own, with its first
/// letter) or refuses it with a reason (作废).
extension WorkflowService {
    func requireMember(_ caller: Caller) throws(WorkflowError) -> MemberID {
        guard caller.account.role == .member, let member = caller.account.member else {
            throw WorkflowError(.wrongRole, rule: "role", "只有党员本人的账号可以这样做（当前角色：\(caller.account.role.label)）")
        }
        return member
    }

    /// The member's own transfers, newest first; audited as a read.
    public func myTransfers(for caller: Caller) async throws -> [Transfer] {
        try await read(caller, "view-own-transfers", target: caller.account.member ?? "", roles: [.member]) {
            let member = try requireMember(caller)
            return try await store.read { try await Repository(c: $0).transfers(ofMember: member, limit: 50) }
        }
    }

    /// The member applies to transfer to branch `destination` (单人转出申请 by the member): no
    /// letter yet; the branch decides.
    public func applyForMyself(to destination: OrganizationID, application: Transfer.Application, for caller: Caller) async throws -> Transfer {
        do {
            let member = try requireMember(caller)
            return try await applyOut(
                member: member, direction: .inProvince(destination: destination), application: application,
                by: .member(member), caller: caller)
        } catch let error as WorkflowError {
            try await audit(caller, "apply", target: "self " + Limits.clipped(destination.rawValue, to: Limits.identifier), outcome: error.code.rawValue)
            throw error
        }
    }
}
