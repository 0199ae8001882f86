// Render keeps Foundation out of its value types; these two trim a profile's name without it.
extension String {
    func trimmingCharacters(in set: Set<Character>) -> String {
        String(drop(while: { set.contains($0) }).reversed().drop(while: { set.contains($0) }).reversed())
    }
}

extension Set<Character> {
    static let whitespaces: Set<Character> = [" ", "\t"]
}
