/// The party member whose organizational relationship is transferred.
public struct Member: Sendable, Hashable {
    /// The member's name.
    public var name: String
    /// The identity number; sex and birth date derive from it.
    public var idNumber: IDNumber
    /// The ethnic group without the trailing 族 (the form prints 族 after the blank).
    public var ethnicity: String
    /// Probationary or full member.
    public var category: MemberCategory
    /// The member's phone.
    public var phone: String
    /// The sex, from the identity number.
    public var sex: Sex
    /// The age printed on the letter: from the identity number on the issue date, unless overridden.
    public var age: Int

    /// Creates a member from already validated values.
    public init(
        name: String, idNumber: IDNumber, ethnicity: String, category: MemberCategory,
        phone: String, sex: Sex, age: Int
    ) {
        self.name = name
        self.idNumber = idNumber
        self.ethnicity = ethnicity
        self.category = category
        self.phone = phone
        self.sex = sex
        self.age = age
    }
}
