import LetterModel

/// Which parts of one letter an account may view or print. The issuer prints the whole sheet
/// (it tears off and keeps the stub, hands over the rest); the addressee holds the letter and
/// fills in the receipt; everyone else on the path sees what its archive grants (§5).
public enum LetterAccess {
    /// The parts of letter `hop` of `transfer` open to an account whose subtree holds the
    /// organizations `inSubtree` accepts.
    public static func parts(
        ofHop hop: Int, in transfer: Transfer,
        inSubtree: (OrganizationID) -> Bool
    ) -> Set<LetterPart> {
        guard transfer.hops.indices.contains(hop) else { return [] }
        let letter = transfer.hops[hop]
        let path = transfer.path.organizations
        if inSubtree(path[letter.from]) { return Set(LetterPart.allCases) }
        var parts = Set<LetterPart>()
        if let to = letter.to, inSubtree(path[to]) { parts.formUnion([.letter, .receipt]) }
        for org in Set(path) where inSubtree(org) {
            for granted in ArchiveRules.parts(for: org, in: transfer) where granted.hop == hop {
                parts.insert(granted.part)
            }
        }
        return parts
    }
}
