import Foundation
import Workflow

/// A transfer as the API answers it: a body of its own, apart from the stored document (the
/// machine's `Codable`, whose enums Swift encodes in its own way and which may change with the
/// store's migrations). Every field is named in `openapi.json` (`Transfer`), states and actors
/// by codes a client can switch on, with what the caller may do now (`allowedOperations`, as
/// the machine answers).
struct TransferBody: Encodable, Sendable {
    struct Member: Encodable, Sendable {
        let id: String
        let name: String
        let idNumber: String
    }

    /// Where the transfer goes: `in-province` (to `destination`), `out-of-province` (to a name
    /// and letterhead typed by hand), `into-province` (registered from `origin`).
    struct Direction: Encodable, Sendable {
        let kind: String
        var destination: String?
        var destinationName: String?
        var letterhead: String?
        var origin: String?
        var manualReview: Bool?
    }

    struct Path: Encodable, Sendable {
        let organizations: [String]
        let turnIndex: Int
    }

    /// The state by `Transfer.stateCode`, with who holds it and what the state carries.
    struct State: Encodable, Sendable {
        let code: String
        let label: String
        var holder: String?
        /// Why it came back: `returned`, `objection` or `recalled`, with the words given.
        var note: Note?
        /// Since when it waits (awaiting report or receipt), or when it ended.
        var since: Date?
        var reason: String?
    }

    struct Note: Encodable, Sendable {
        let kind: String
        var text: String?
    }

    struct Letter: Encodable, Sendable {
        let from: Int
        let to: Int?
        let number: String?
        let issuedAt: Date
        let validityDays: Int
        let expiresAt: Date
        let automatic: Bool
        let withdrawn: Bool
        let receiptReturnedAt: Date?
        let amendments: LetterAmendments?
    }

    /// Who acted: an organization (`id`), a member (`id`) or the system.
    struct Actor: Encodable, Sendable {
        let kind: String
        var id: String?
    }

    struct LogEntry: Encodable, Sendable {
        let at: Date
        let actor: Actor
        let operation: String
        let from: String?
        let to: String?
        let note: String?
        let person: String?
    }

    let id: String
    let member: Member
    let type: String
    let direction: Direction
    let path: Path
    let initiator: Int
    let state: State
    let hops: [Letter]
    let log: [LogEntry]
    let basicCommittees: [String]
    let duesPaidUpTo: String
    let createdAt: Date
    let version: Int
    let paper: PaperRecord?
    let originLetterNumber: String?
    let returnedReceipt: ReturnedReceipt?
    let allowedOperations: [String]

    init(_ t: Transfer, allowedOperations: [TransferOperation]) {
        id = t.id
        member = Member(id: t.memberID, name: t.memberName, idNumber: t.memberIDNumber)
        type = t.type.rawValue
        direction =
            switch t.direction {
            case .inProvince(let destination): Direction(kind: "in-province", destination: destination.rawValue)
            case .outOfProvince(let name, let letterhead): Direction(kind: "out-of-province", destinationName: name, letterhead: letterhead)
            case .intoProvince(let origin, let destination, let review):
                Direction(kind: "into-province", destination: destination.rawValue, origin: origin, manualReview: review)
            }
        path = Path(organizations: t.path.organizations.map(\.rawValue), turnIndex: t.path.turnIndex)
        initiator = t.initiator
        var state = State(code: t.stateCode, label: t.stateLabel, holder: t.currentHolder?.rawValue)
        switch t.state {
        case .held(_, let note):
            state.note =
                switch note {
                case .returned(let text): Note(kind: "returned", text: text)
                case .objection(let text): Note(kind: "objection", text: text)
                case .recalled: Note(kind: "recalled")
                case nil: nil
                }
        case .issuedOutOfProvince: break
        case .awaitingReceipt(let since), .awaitingReport(let since), .completed(let since), .recovered(let since): state.since = since
        case .void(let reason, let at):
            state.since = at
            state.reason = reason
        }
        self.state = state
        hops = t.hops.map {
            Letter(
                from: $0.from, to: $0.to, number: $0.number, issuedAt: $0.issuedAt, validityDays: $0.validityDays, expiresAt: $0.expiresAt,
                automatic: $0.automatic, withdrawn: $0.withdrawn, receiptReturnedAt: $0.receiptReturnedAt, amendments: $0.amendments)
        }
        log = t.log.map { e in
            let actor: Actor =
                switch e.actor {
                case .organization(let id): Actor(kind: "organization", id: id.rawValue)
                case .member(let id): Actor(kind: "member", id: id)
                case .system: Actor(kind: "system")
                }
            return LogEntry(at: e.at, actor: actor, operation: e.operation, from: e.from?.rawValue, to: e.to, note: e.note, person: e.person)
        }
        basicCommittees = t.basicCommittees.map(\.rawValue).sorted()
        duesPaidUpTo = t.duesPaidUpTo
        createdAt = t.createdAt
        version = t.version
        paper = t.paper
        originLetterNumber = t.originLetterNumber
        returnedReceipt = t.returnedReceipt
        self.allowedOperations = allowedOperations.map(\.rawValue)
    }
}
