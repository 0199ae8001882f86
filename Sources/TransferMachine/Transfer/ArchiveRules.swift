import LetterModel

/// One part of one letter of a transfer, as an archive shows it.
public struct ArchivePart: Sendable, Hashable, Codable {
    /// The letter (index into the transfer's hops).
    public var hop: Int
    /// Which part.
    public var part: LetterPart

    /// Part `part` of letter `hop`.
    public init(hop: Int, part: LetterPart) {
        self.hop = hop
        self.part = part
    }
}

/// What each organization's archive holds of a transfer (§5, seed 000 查看存档): only
/// organizations that acted see anything, and each only the parts the table grants it.
public enum ArchiveRules {
    /// The parts `org` may see of `transfer`.
    public static func parts(for org: OrganizationID, in transfer: Transfer) -> [ArchivePart] {
        guard transfer.actors.contains(org), let index = transfer.path.organizations.firstIndex(of: org) else { return [] }
        let live = transfer.hops.indices.filter { !transfer.hops[$0].withdrawn }
        let own = live.last { transfer.hops[$0].from == index }
        let received = live.last { transfer.hops[$0].to == index }
        var parts: [ArchivePart] = []
        func add(_ hop: Int?, _ p: LetterPart) { if let hop { parts.append(ArchivePart(hop: hop, part: p)) } }
        let last = transfer.path.organizations.count - 1
        let leaves = if case .outOfProvince = transfer.direction { true } else { false }
        let isBasic = transfer.basicCommittees.contains(org)
        if index == 0 && received == nil {
            // The originating branch (or the national organization registering an incoming one).
            add(own, .stub)
            if isBasic { add(own, .receipt) }
        } else if index == last && !leaves {
            add(received, .letter)
            add(received, .receipt)
        } else if isBasic && index > transfer.path.turnIndex {
            // A receiving basic committee: the letter it received, and the stub of its own.
            add(received, .letter)
            add(own, .stub)
        } else if isBasic && !leaves {
            add(own, .stub)
            add(received, .letter)
            if let own, transfer.hops[own].receiptReturnedAt != nil { add(own, .receipt) }
        } else {
            // Intermediate organizations, and basic committees of out-of-province transfers.
            add(own, .stub)
            add(received, .letter)
            add(received, .receipt)
        }
        return parts
    }
}
