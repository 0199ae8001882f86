/// How to reach an organization: printed in the contact block of letters its members carry.
public struct ContactInfo: Sendable, Hashable, Codable {
    /// Contact person.
    public var person: String
    /// Phone, with area code.
    public var phone: String
    /// Fax.
    public var fax: String
    /// Six-digit postcode.
    public var postcode: String
    /// Postal address.
    public var address: String

    /// Creates contact data.
    public init(person: String, phone: String, fax: String, postcode: String, address: String) {
        self.person = person
        self.phone = phone
        self.fax = fax
        self.postcode = postcode
        self.address = address
    }
}
