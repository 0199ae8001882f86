import Foundation

extension Letter {
    /// The letter in its JSON contract (the inverse of ``decode(json:)``), keys sorted so that
    /// the same letter always gives the same bytes: it is stored beside the issued PDF and
    /// listed in archive manifests, where a byte-stable form can be hashed and compared.
    public func encodedJSON() -> Data {
        let object: CanonicalJSON = .object([
            "number": .string(number),
            "addressee": .string(addressee),
            "member": .object([
                "name": .string(member.name),
                "idNumber": .string(member.idNumber.value),
                "ethnicity": .string(member.ethnicity + "族"),
                "category": .string(member.category.rawValue),
                "phone": .string(member.phone),
                "sex": .string(member.sex.rawValue),
                "age": .integer(member.age),
            ]),
            "from": .string(from),
            "to": .string(to),
            "duesPaidUpTo": .string(duesPaidUpTo.description),
            "validityDays": .integer(validityDays),
            "issuedOn": .string(issuedOn.description),
            "basicCommittee": .object([
                "address": .string(basicCommittee.address),
                "phone": .string(basicCommittee.phone),
                "fax": .string(basicCommittee.fax),
                "postcode": .string(basicCommittee.postcode),
            ]),
            "receiptAddressee": .string(receiptAddressee),
        ])
        return Data(object.bytes)
    }
}
