/// Contact details of the member's original basic party committee (基层党委), printed on part 2.
public struct BasicCommittee: Sendable, Hashable {
    /// Postal address.
    public var address: String
    /// Phone, with area code.
    public var phone: String
    /// Fax, with area code.
    public var fax: String
    /// Six-digit postcode.
    public var postcode: String

    /// Creates the contact block from already validated values.
    public init(address: String, phone: String, fax: String, postcode: String) {
        self.address = address
        self.phone = phone
        self.fax = fax
        self.postcode = postcode
    }
}
