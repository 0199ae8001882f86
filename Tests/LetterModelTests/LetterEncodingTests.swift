import Foundation
import Testing

@testable import LetterModel

/// A letter's stored JSON is written by our own canonical writer; letters stored before it were
/// written by `JSONSerialization`, so the two must agree byte for byte.
@Suite struct LetterEncodingTests {
    /// What `JSONSerialization` wrote for `letter` (the encoding before `CanonicalJSON`).
    static func serialized(_ letter: Letter) throws -> Data {
        let object: [String: Any] = [
            "number": letter.number, "addressee": letter.addressee,
            "member": [
                "name": letter.member.name, "idNumber": letter.member.idNumber.value, "ethnicity": letter.member.ethnicity + "族",
                "category": letter.member.category.rawValue, "phone": letter.member.phone, "sex": letter.member.sex.rawValue,
                "age": letter.member.age,
            ] as [String: Any],
            "from": letter.from, "to": letter.to, "duesPaidUpTo": letter.duesPaidUpTo.description,
            "validityDays": letter.validityDays, "issuedOn": letter.issuedOn.description,
            "basicCommittee": [
                "address": letter.basicCommittee.address, "phone": letter.basicCommittee.phone, "fax": letter.basicCommittee.fax,
                "postcode": letter.basicCommittee.postcode,
            ],
            "receiptAddressee": letter.receiptAddressee,
        ]
        return try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
    }

    @Test func theSampleLetterIsStoredAsJSONSerializationWroteIt() throws {
        #expect(Letter.sample.encodedJSON() == (try Self.serialized(Letter.sample)))
    }

    @Test func quotesBackslashesSlashesAndControlCharactersAreEscapedAsBefore() throws {
        // Every control character, the characters JSON escapes, a slash (not escaped), CJK,
        // a character outside the BMP and a combining mark.
        let controls = String(String.UnicodeScalarView((0..<0x20).compactMap(Unicode.Scalar.init)))
        let awkward = ["\"引号\"", "反\\斜杠", "a/b", controls, "𠀀𝄞", "e\u{301}", "\u{7F}\u{85}\u{2028}", ""]
        for (i, text) in awkward.enumerated() {
            var letter = Letter.sample
            letter.addressee = text
            letter.member.name = text
            letter.basicCommittee.fax = text
            letter.validityDays = [7, 10, 15, 30, 90][i % 5]
            letter.member.age = i * 37 - 5
            #expect(letter.encodedJSON() == (try Self.serialized(letter)), "for \(text.debugDescription)")
            let decoded = try JSONSerialization.jsonObject(with: letter.encodedJSON()) as? [String: Any]
            #expect(decoded?["addressee"] as? String == text)
        }
    }
}
