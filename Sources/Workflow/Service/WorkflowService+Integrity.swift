import Foundation

extension WorkflowService {
    /// Checks that every stored transfer is in a state the machine can reach and agrees with
    /// its letters and its member: one stored letter per hop, a receipt exactly where one was
    /// returned, and the member's record where the state puts it; and that every holder's
    /// queue counter equals the transfers it holds. Returns the problems found.
    public func checkIntegrity() async throws -> [String] {
        let ids = try await store.read { try await Repository(c: $0).transferIDs() }
        var problems: [String] = []
        for id in ids {
            let t = try await transfer(id)
            let letters = try await self.letters(id)
            if letters.map(\.hop) != Array(t.hops.indices) {
                problems.append("\(id)：介绍信 \(letters.map(\.hop)) 与转接记录的 \(t.hops.count) 封不符")
            }
            for (i, hop) in t.hops.enumerated() where i < letters.count {
                if (hop.receiptReturnedAt != nil) != (letters[i].receiptPDF != nil) {
                    problems.append("\(id)：第 \(i + 1) 封介绍信的回执与记录不符")
                }
                if hop.number != letters[i].number { problems.append("\(id)：第 \(i + 1) 封介绍信编号不符") }
            }
            // A transfer entered from paper moved no record of ours.
            guard t.paper == nil else { continue }
            let member = try await self.member(t.memberID)
            let expected: [MemberStatus]
            switch t.state {
            case .held, .issuedOutOfProvince: expected = [.inTransfer]
            case .awaitingReport, .void, .recovered: expected = [.active]
            case .awaitingReceipt: expected = [.history(.movedOut)]
            case .completed: expected = [.active, .history(.movedOut)]
            }
            // A later transfer of the same member may have moved the record on.
            let latest = try await store.read { try await Repository(c: $0).latestTransferID(ofMember: t.memberID) }
            if latest == id && !expected.contains(member.status) {
                problems.append("\(id)：状态 \(t.stateCode) 下党员 \(member.name) 的状态应为 \(expected.map(\.code))，实为 \(member.status.code)")
            }
            if case .held(let h, _) = t.state, !t.path.organizations.indices.contains(h) {
                problems.append("\(id)：办理组织的位置 \(h) 超出路径")
            }
        }
        // The queue counts are the database's counters (migration 14): each must equal its transfers.
        for wrong in try await store.read({ try await TransferQueryRepository(c: $0).holderCountsThatDisagree() }) {
            problems.append("待办计数：\(wrong.path) 记为 \(wrong.kept)，实有 \(wrong.counted) 件")
        }
        // So are the statistics' counters (migration 16).
        for wrong in try await store.read({ try await TransferQueryRepository(c: $0).talliesThatDisagree() }) {
            let day = ChinaDay.civil(daysSinceEpoch: wrong.day)
            problems.append("统计计数：\(wrong.path) \(day) \(wrong.dimension)「\(wrong.value)」记为 \(wrong.kept)，实有 \(wrong.counted) 件")
        }
        return problems
    }
}
