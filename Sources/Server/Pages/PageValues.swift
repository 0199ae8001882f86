/// A page's values as Mustache must see them: an absent optional is no value at all. Boxed in
/// `Any`, an `Optional.none` is a value to Mustache, so a section for it (`{{#paper}}…`) was
/// rendered — every transfer page showed the boxes of a returned receipt, an identity review,
/// a letter from outside and a paper letter, empty.
enum PageValues {
    /// `values` without its absent optionals, and its present ones unwrapped, here and in the
    /// dictionaries it holds.
    static func present(_ values: [String: Any]) -> [String: Any] {
        var result: [String: Any] = [:]
        result.reserveCapacity(values.count)
        for (key, value) in values {
            guard let value = unwrapped(value) else { continue }
            result[key] = (value as? [String: Any]).map(present) ?? value
        }
        return result
    }

    /// The value inside `value` if it is an optional, nil if that optional is empty.
    private static func unwrapped(_ value: Any) -> Any? {
        guard let optional = value as? any AnyOptional else { return value }
        return optional.wrapped.flatMap(unwrapped)
    }
}

/// An optional of any type, seen through `Any`.
private protocol AnyOptional {
    var wrapped: Any? { get }
}

extension Optional: AnyOptional {
    fileprivate var wrapped: Any? { self.map { $0 as Any } }
}
