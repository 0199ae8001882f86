import Foundation

extension Letter {
    /// The letter in its JSON contract (the inverse of ``decode(json:)``), keys sorted so that
    /// the same letter always gives the same bytes: it is stored beside the issued PDF and
    /// listed in archive manifests, where a byte-stable form can be hashed and compared.
    public func encodedJSON() -> Data {
        let object: [String: Any] = [
            "number": number,
            "addressee": addressee,
            "member": [
                "name": member.name,
                "idNumber": member.idNumber.value,
                "ethnicity": member.ethnicity + "族",
                "category": member.category.rawValue,
                "phone": member.phone,
                "sex": member.sex.rawValue,
                "age": member.age,
            ] as [String: Any],
            "from": from,
            "to": to,
            "duesPaidUpTo": duesPaidUpTo.description,
            "validityDays": validityDays,
            "issuedOn": issuedOn.description,
            "basicCommittee": [
                "address": basicCommittee.address,
                "phone": basicCommittee.phone,
                "fax": basicCommittee.fax,
                "postcode": basicCommittee.postcode,
            ],
            "receiptAddressee": receiptAddressee,
        ]
        // Every value above is a string, an integer or a dictionary of them: serialization
        // cannot fail, and an empty object would be caught by the round-trip tests.
        return (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
    }
}
