import Foundation
import Testing
import TransferMachine

/// Every state a transfer can be in, every operation, every kind of actor (each organization
/// of the fixture, on the path and off it, the member, another member, the system): what the
/// machine does, written out as the rules of domain.md §4 say, not as the code happens to be.
/// A cell not in the table must be refused as `not-allowed`.
@Suite struct TransferTableTests {
    /// Who tries: the fixture's organizations, the transferring member m1, another member m2, the system.
    static let actors: [String: Actor] = Dictionary(
        uniqueKeysWithValues: MachineFixture.names.map { ($0.rawValue, Actor.organization($0)) } + [
            ("m1", .member("m1")), ("m2", .member("m2")), ("system", .system),
        ])

    /// State → operation → actor → the state code after it. In-province path: S1 B1 C1 P C2 B2 S3
    /// (turn at P); out of the province: S1 B1 C1 P (P national).
    static let table: [String: [TransferOperation: [String: String]]] = [
        // The member's own application, before anyone approved: the branch approves or refuses
        // (废件), the member may withdraw it (撤回申请).
        "applied": [.approve: ["S1": "pending", "system": "pending"], .void: ["S1": "void"], .recall: ["m1": "void"]],
        // B1 holds S1's letter: B1 approves or returns; S1 may recall its last step.
        "pending": [
            .approve: ["B1": "pending", "system": "pending"], .returnLetter: ["B1": "returned", "system": "returned"],
            .recall: ["S1": "recalled"],
        ],
        // Back at the initiator: approve again or void.
        "returned": [.approve: ["S1": "pending", "system": "pending"], .void: ["S1": "void"]],
        "recalled": [.approve: ["S1": "pending", "system": "pending"], .void: ["S1": "void"]],
        // C2, receiving side above the destination branch: may also change the destination.
        "pendingPastTurn": [
            .approve: ["C2": "pending", "system": "pending"], .returnLetter: ["C2": "returned", "system": "returned"],
            .changeDestination: ["C2": "pending", "system": "pending"],
        ],
        // The destination branch holds it: accept, return or object; B2 may recall its letter.
        "atDestination": [
            .returnLetter: ["S3": "returned", "system": "returned"], .accept: ["S3": "awaiting-report", "system": "awaiting-report"],
            .object: ["S3": "objection", "system": "objection"], .recall: ["B2": "recalled"],
        ],
        // The objection sent it back to B2: approve again, return, change, or accept into the
        // branch itself (a basic committee completing the reception, auto-fill to S3); C2 may recall.
        "objection": [
            .approve: ["B2": "pending", "system": "pending"], .returnLetter: ["B2": "returned", "system": "returned"],
            .changeDestination: ["B2": "objection", "system": "objection"], .accept: ["B2": "awaiting-report"],
            .recall: ["C2": "recalled"],
        ],
        // Accepted, not yet reported: the branch confirms or objects; it and the receiving side
        // above it (from the turn down) may send it back.
        "awaitingReport": [
            .confirmReport: ["S3": "completed"], .object: ["S3": "objection"],
            .returnLetter: ["P": "returned", "C2": "returned", "B2": "returned", "S3": "returned"],
        ],
        "completed": [:],
        "void": [:],
        // Out of the province: the national organization completes (办结) or recalls.
        "issuedOutOfProvince": [.complete: ["P": "awaiting-receipt"], .recall: ["P": "recalled"]],
        // The source basic committee records the returned receipt; the branch may recover a
        // member completed out by mistake.
        "awaitingReceipt": [.recordReceipt: ["B1": "completed"], .recover: ["S1": "recovered"]],
        "completedOut": [.recover: ["S1": "recovered"]],
        "recovered": [:],
    ]

    /// Each state of the table, reached by the machine's own steps.
    static func states() throws -> [String: MachineScenario] {
        var out: [String: MachineScenario] = [:]
        out["applied"] = try MachineScenario.inProvince(by: .member("m1"))
        var s = try MachineScenario.inProvince()
        out["pending"] = s
        var returned = s
        try returned.step(.returnLetter, by: .organization("B1"))
        out["returned"] = returned
        try returned.step(.void, by: .organization("S1"))
        out["void"] = returned
        var recalled = s
        try recalled.step(.recall, by: .organization("S1"))
        out["recalled"] = recalled
        try s.approve { $0.currentHolder == "C2" }
        out["pendingPastTurn"] = s
        try s.approve { $0.currentHolder == "S3" }
        out["atDestination"] = s
        var objected = s
        try objected.step(.object, by: .organization("S3"))
        out["objection"] = objected
        try s.step(.accept, by: .organization("S3"))
        out["awaitingReport"] = s
        try s.step(.confirmReport, by: .organization("S3"))
        out["completed"] = s
        var o = try MachineScenario.outOfProvince()
        try o.approve { if case .issuedOutOfProvince = $0.state { true } else { false } }
        out["issuedOutOfProvince"] = o
        try o.step(.complete, by: .organization("P"))
        out["awaitingReceipt"] = o
        try o.step(.recordReceipt, by: .organization("B1"))
        out["completedOut"] = o
        try o.step(.recover, by: .organization("S1"))
        out["recovered"] = o
        return out
    }

    @Test func theFixtureTakesTheExpectedPaths() throws {
        let states = try Self.states()
        #expect(states["pending"]!.transfer.path.organizations == ["S1", "B1", "C1", "P", "C2", "B2", "S3"])
        #expect(states["pending"]!.transfer.path.turnIndex == 3)
        #expect(states["issuedOutOfProvince"]!.transfer.path.organizations == ["S1", "B1", "C1", "P"])
        #expect(Set(states.keys) == Set(Self.table.keys))
    }

    @Test func everyStateOperationAndActorDoesWhatTheRulesSay() throws {
        var cells = 0
        for (name, scenario) in try Self.states() {
            let expected = Self.table[name]!
            for operation in TransferOperation.allCases {
                for (who, actor) in Self.actors {
                    var copy = scenario
                    let outcome: String
                    do {
                        try copy.step(operation, by: actor)
                        outcome = copy.transfer.stateCode
                    } catch let error as WorkflowError {
                        outcome = error.code == .notAllowed ? "refused" : "\(error.code.rawValue): \(error.message)"
                    }
                    let want = expected[operation]?[who] ?? "refused"
                    #expect(outcome == want, "\(name): \(operation.rawValue) by \(who)")
                    cells += 1
                }
            }
        }
        #expect(cells == Self.table.count * TransferOperation.allCases.count * Self.actors.count)
    }

    /// Pages, API and command line show `allowedOperations`: it must be the table's row.
    @Test func theOfferedOperationsAreExactlyTheAllowedOnes() throws {
        for (name, scenario) in try Self.states() {
            for (who, actor) in Self.actors {
                let offered = Set(scenario.transfer.allowedOperations(for: actor, tree: scenario.tree, at: scenario.now))
                let allowed = Set(Self.table[name]!.filter { $0.value[who] != nil }.keys)
                #expect(offered == allowed, "\(name) for \(who)")
            }
        }
    }

    /// Who may start a transfer of m1 (a member of S1): its branch, the organizations above it on
    /// the way out (auto-filling the steps below), the member; elsewhere it does not exist. C1's
    /// letter reaches P, the turn between its own children, which approves by itself (its
    /// `autoApprove` setting, on by default), so C2 holds it after four letters.
    @Test func startingATransferIsForTheBranchItsSuperiorsOnTheWayOutAndTheMember() throws {
        var seen: [String: String] = [:]
        for (who, actor) in Self.actors {
            do {
                let (t, effects) = try Transfer.applyOut(
                    id: "t", member: MachineFixture.member(), direction: .inProvince(destination: "S3"),
                    application: MachineFixture.application, by: actor, tree: MachineFixture.tree, at: MachineFixture.start)
                seen[who] = "\(t.currentHolder?.rawValue ?? "-") \(effects.filter { if case .issueLetter = $0 { true } else { false } }.count)"
            } catch {
                seen[who] = error.code.rawValue
            }
        }
        #expect(
            seen == [
                "S1": "B1 1", "B1": "C1 2", "C1": "C2 4", "P": "C2 4",
                "S2": "not-found", "C2": "not-found", "B2": "not-found", "S3": "not-found",
                "m1": "S1 0", "m2": "not-allowed", "system": "not-allowed",
            ])
    }
}
