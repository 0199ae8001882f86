import Foundation

/// A stable identifier of a transfer.
public typealias TransferID = String

/// Who acts: an organization's administrator, a member (self-service application), or the
/// system (automatic steps).
public enum Actor: Sendable, Hashable, Codable, CustomStringConvertible {
    /// An organization's administrator.
    case organization(OrganizationID)
    /// A member applying for themself.
    case member(MemberID)
    /// The system.
    case system

    /// How logs name the actor.
    public var description: String {
        switch self {
        case .organization(let id): id.rawValue
        case .member(let id): "党员 \(id)"
        case .system: "系统"
        }
    }
}

/// Where a transfer goes and comes from.
public enum TransferDirection: Sendable, Hashable, Codable {
    /// Within the province, to the destination branch.
    case inProvince(destination: OrganizationID)
    /// Out of the province: the destination typed by hand.
    case outOfProvince(destinationName: String, letterhead: String)
    /// Into the province from outside; `manualReview` when the identity could not be verified
    /// and an ID-card photo was reviewed instead.
    case intoProvince(origin: String, destination: OrganizationID, manualReview: Bool)
}

/// One letter issued along the path (one per hop).
public struct Hop: Sendable, Hashable, Codable {
    /// Path index of the issuing organization.
    public var from: Int
    /// Path index of the receiving organization, nil when it leaves the province.
    public var to: Int?
    /// The letter's number, assigned when it is stored.
    public var number: String?
    /// When it was issued.
    public var issuedAt: Date
    /// Days it stays valid.
    public var validityDays: Int
    /// Issued by the system (auto-approval or auto-fill).
    public var automatic: Bool
    /// Withdrawn by a recall or superseded by a return.
    public var withdrawn: Bool
    /// When the receiving organization returned the receipt (part 3), if it has.
    public var receiptReturnedAt: Date?
    /// What the issuer checked and completed on this letter before issuing it.
    public var amendments: LetterAmendments?

    /// When the letter expires.
    public var expiresAt: Date { issuedAt.addingTimeInterval(Double(validityDays) * 86_400) }
}

/// A line of the transfer's log (转接日志).
public struct LogEntry: Sendable, Hashable, Codable {
    /// When.
    public var at: Date
    /// Who acted.
    public var actor: Actor
    /// The operation, as users name it (同意并开新信, 退件 …).
    public var operation: String
    /// From which organization.
    public var from: OrganizationID?
    /// To which organization (or outside name).
    public var to: String?
    /// Reason, feedback or note.
    public var note: String?
    /// The person who acted for the organization (login name and name, seed 004's 操作人); nil
    /// for the system's steps and for entries made before it was kept.
    public var person: String?
}

/// A transfer of a member's organizational relationship: a value-type state machine. Each
/// operation is a `mutating` method that checks who may act in the current state, changes the
/// state, appends to the log, and returns the effects the service must carry out (issue a
/// letter, return a receipt, move the member). No I/O; the time comes from the caller's clock.
public struct Transfer: Sendable, Codable, Identifiable, Equatable {
    /// Where the transfer stands; each case carries only what is valid in it.
    public enum State: Sendable, Hashable, Codable {
        /// The organization at path index `holder` must act (approve, return, accept …);
        /// `note` says why it came back, when it did.
        case held(holder: Int, note: Note?)
        /// The national organization at `by` has issued the letter out of the province: it may
        /// complete out of system (办结) or recall it.
        case issuedOutOfProvince(by: Int)
        /// Completed out of system; the source records the returned receipt.
        case awaitingReceipt(since: Date)
        /// Accepted at the destination; waiting for the member to report (报到).
        case awaitingReport(since: Date)
        /// Finished.
        case completed(at: Date)
        /// Voided by the originator.
        case void(reason: String, at: Date)
        /// The member was brought back after a wrong completion out of system.
        case recovered(at: Date)
    }

    /// Why a letter came back to its holder.
    public enum Note: Sendable, Hashable, Codable {
        /// Returned (退件) with this reason.
        case returned(String)
        /// Objection (异议反馈) from the receiving branch.
        case objection(String)
        /// Recalled (撤回) by the holder itself.
        case recalled
    }

    /// Stable id.
    public let id: TransferID
    /// The member.
    public let memberID: MemberID
    /// The member's name, for lists.
    public let memberName: String
    /// The member's ID number, for lists and filters.
    public let memberIDNumber: String
    /// Where it goes.
    public private(set) var direction: TransferDirection
    /// The path.
    public private(set) var path: TransferPath
    /// Path index of the organization that started it (steps below were auto-filled).
    public let initiator: Int
    /// The transfer type (§7).
    public let type: TransferType
    /// Where it stands.
    public package(set) var state: State
    /// Letters issued, in order.
    public package(set) var hops: [Hop]
    /// The log.
    public package(set) var log: [LogEntry]
    /// When it was created.
    public let createdAt: Date
    /// The basic committees on the path (they may accept into their branches).
    public package(set) var basicCommittees: Set<OrganizationID> = []
    /// Party dues paid up to (`YYYY-MM`), printed on every letter.
    public package(set) var duesPaidUpTo: String = ""
    /// Storage version, for optimistic concurrency.
    public var version: Int
    /// For a transfer completed on paper before the system and entered from a sheet, what its
    /// letter said; nil for every transfer made here.
    public package(set) var paper: PaperRecord?
    /// For a transfer into the province, the number of the letter that came from outside: the
    /// receipt (part 3) sent back to its issuer carries it.
    public package(set) var originLetterNumber: String?
    /// The receipt returned from outside, as recorded (its scan kept beside the transfer).
    public package(set) var returnedReceipt: ReturnedReceipt?

    init(
        id: TransferID, member: PartyMember, direction: TransferDirection, path: TransferPath, initiator: Int,
        type: TransferType, state: State, createdAt: Date
    ) {
        self.init(
            id: id, memberID: member.id, memberName: member.name, memberIDNumber: member.idNumber, direction: direction,
            path: path, initiator: initiator, type: type, state: state, createdAt: createdAt)
    }

    /// A transfer of a member known by name and ID number only (one entered from paper).
    init(
        id: TransferID, memberID: MemberID, memberName: String, memberIDNumber: String, direction: TransferDirection,
        path: TransferPath, initiator: Int, type: TransferType, state: State, createdAt: Date
    ) {
        self.id = id
        self.memberID = memberID
        self.memberName = memberName
        self.memberIDNumber = memberIDNumber
        self.direction = direction
        self.path = path
        self.initiator = initiator
        self.type = type
        self.state = state
        hops = []
        log = []
        self.createdAt = createdAt
        version = 0
    }

    /// The organization that must act now, if any.
    public var currentHolder: OrganizationID? {
        switch state {
        case .held(let holder, _): path.organizations[holder]
        case .issuedOutOfProvince(let by): path.organizations[by]
        case .awaitingReport: path.last
        case .awaitingReceipt: recordingOrganization
        case .completed, .void, .recovered: nil
        }
    }

    /// The source branch (for outgoing transfers).
    public var source: OrganizationID { path.organizations[0] }

    /// The destination branch, when in the province.
    public var destination: OrganizationID? {
        switch direction {
        case .inProvince(let d): d
        case .intoProvince(_, let d, _): d
        case .outOfProvince: nil
        }
    }

    /// Who records the receipt of an out-of-province transfer: the source's basic committee
    /// (seed 000), or the originator when the path has none.
    public var recordingOrganization: OrganizationID {
        path.organizations.first { basicCommittees.contains($0) } ?? path.organizations[initiator]
    }

    /// The letter currently held, if any: the last one not withdrawn.
    public var currentHop: Int? { hops.lastIndex { !$0.withdrawn } }

    /// Organizations that acted on the transfer (issued, accepted, returned …): they see it.
    public var actors: Set<OrganizationID> {
        Set(log.compactMap { if case .organization(let id) = $0.actor { id } else { nil } })
            .union(hops.filter { !$0.withdrawn }.map { path.organizations[$0.from] })
    }

    /// Whether the transfer is still moving.
    public var isOpen: Bool {
        switch state {
        case .completed, .void, .recovered: false
        default: true
        }
    }

    /// A short code of the state, for storage and lists.
    public var stateCode: String {
        switch state {
        case .held(_, let note):
            switch note {
            case .returned: "returned"
            case .objection: "objection"
            case .recalled: "recalled"
            case nil: "pending"
            }
        case .issuedOutOfProvince: "issued-out"
        case .awaitingReceipt: "awaiting-receipt"
        case .awaitingReport: "awaiting-report"
        case .completed: "completed"
        case .void: "void"
        case .recovered: "recovered"
        }
    }

    /// When the held letter expires, if one is held.
    public var expiresAt: Date? {
        guard case .held = state, let hop = currentHop else { return nil }
        return hops[hop].expiresAt
    }

    mutating func replacePath(_ new: TransferPath, direction: TransferDirection, tree: OrganizationTree) {
        path = new
        self.direction = direction
        noteBasicCommittees(tree)
    }

    mutating func noteBasicCommittees(_ tree: OrganizationTree) {
        basicCommittees = Set(path.organizations.filter { tree.organizations[$0]?.isBasicCommittee == true })
    }
}
