import Foundation
import Testing

@testable import LetterModel

/// The sample letter as a mutable JSON object, edited by each test.
func sampleObject() -> [String: Any] {
    try! JSONSerialization.jsonObject(with: Data(Letter.sampleJSON.utf8)) as! [String: Any]
}

/// Decodes `object` and returns the issues, or [] when it is valid.
func issues(_ edit: (inout [String: Any]) -> Void) -> [ValidationIssue] {
    var object = sampleObject()
    edit(&object)
    do {
        _ = try Letter.decode(object: object)
        return []
    } catch {
        return error.issues
    }
}

func member(_ object: inout [String: Any], _ key: String, _ value: Any?) {
    var m = object["member"] as! [String: Any]
    m[key] = value
    object["member"] = m
}

func committee(_ object: inout [String: Any], _ key: String, _ value: Any?) {
    var m = object["basicCommittee"] as! [String: Any]
    m[key] = value
    object["basicCommittee"] = m
}

@Suite struct LetterDecodingTests {
    @Test func theContractsSampleDecodesWithSexAndAgeFromTheIDNumber() throws {
        let letter = try Letter.decode(json: Data(Letter.sampleJSON.utf8))
        #expect(letter.member.sex == .male)
        #expect(letter.member.age == 54)
        #expect(letter.member.ethnicity == "汉")
        #expect(letter.member.idNumber.birthDate == CivilDate(year: 1962, month: 10, day: 19))
        #expect(letter.duesPaidUpTo == YearMonth(year: 2017, month: 3))
        #expect(letter.validityDays == 15)
    }

    @Test func malformedJSONIsAnErrorNotACrash() {
        for text in ["{", "", "{\"number\": }", "[1, 2]", "\"text\""] {
            #expect(throws: LetterError.self) { try Letter.decode(json: Data(text.utf8)) }
            do {
                _ = try Letter.decode(json: Data(text.utf8))
            } catch {
                #expect(error.code == .malformedJSON)
            }
        }
    }

    @Test func everyBrokenRuleIsReportedAtOnceWithItsField() {
        let found = issues { o in
            o["validityDays"] = 20
            o["addressee"] = "  "
            member(&o, "category", "积极分子")
            committee(&o, "postcode", "25002")
            o["colour"] = "red"
        }
        let fields = Set(found.map(\.field))
        #expect(fields == ["validityDays", "addressee", "member.category", "basicCommittee.postcode", "colour"])
        #expect(found.first { $0.field == "validityDays" }?.rule == "allowed-values")
        #expect(found.first { $0.field == "colour" }?.rule == "unknown-field")
    }

    @Test(
        "ID numbers are checked per GB 11643",
        arguments: [
            ("37011119621019441", "length"),
            ("3701111962101944X1", "characters"),
            ("37011119621019441x", "uppercase-x"),
            ("99011119621019441X", "region"),
            ("37011119621319441X", "birth-date"),
            ("370111196210194415", "check-digit"),
        ])
    func idNumberRules(id: String, rule: String) {
        let found = issues { member(&$0, "idNumber", id) }
        #expect(found.map(\.rule).contains(rule), "\(id): \(found)")
        #expect(found.allSatisfy { $0.field == "member.idNumber" })
    }

    @Test func aSexContradictingTheIDNumberIsAnError() {
        #expect(issues { member(&$0, "sex", "女") }.map(\.rule) == ["matches-id"])
        #expect(issues { member(&$0, "sex", "男") }.isEmpty)
    }

    @Test func anAgeMayBeOverriddenWithinRange() throws {
        var object = sampleObject()
        member(&object, "age", 55)
        #expect(try Letter.decode(object: object).member.age == 55)
        #expect(issues { member(&$0, "age", 12) }.map(\.rule) == ["range"])
        #expect(issues { member(&$0, "age", "55") }.map(\.rule) == ["type"])
    }

    @Test func aMemberUnder18OnTheIssueDateIsRefused() {
        // Born 2005-01-01, issued 2017.
        #expect(issues { member(&$0, "idNumber", "11010520050101001X") }.contains { $0.rule == "adult" || $0.rule == "check-digit" })
    }

    @Test func categoryIsFullOrProbationary() throws {
        var object = sampleObject()
        member(&object, "category", "预备")
        #expect(try Letter.decode(object: object).member.category == .probationary)
        #expect(issues { member(&$0, "category", "党员") }.map(\.rule) == ["allowed-values"])
    }

    @Test(
        "phones are a mobile or a landline with area code",
        arguments: [
            ("13606406636", true), ("0531-85859202", true), ("053185859202", true), ("010-62345678", true),
            ("0531-85859202-123", true), ("85859202", false), ("1360640663", false), ("12345678901", false), ("电话", false),
        ])
    func memberPhone(phone: String, valid: Bool) {
        let found = issues { member(&$0, "phone", phone) }
        #expect(found.isEmpty == valid, "\(phone): \(found)")
    }

    @Test func postcodeIsSixDigits() {
        #expect(issues { committee(&$0, "postcode", "2500221") }.map(\.rule) == ["postcode"])
        #expect(issues { committee(&$0, "postcode", "25002a") }.map(\.rule) == ["postcode"])
        #expect(issues { committee(&$0, "fax", "85859888") }.map(\.rule) == ["fax"])
    }

    @Test(
        "dues are paid up to a month within the three before the issue date",
        arguments: [
            ("2017-06", true), ("2017-03", true), ("2017-02", false), ("2017-07", false), ("2017-13", false), ("201703", false),
        ])
    func duesWindow(month: String, valid: Bool) {
        let found = issues { $0["duesPaidUpTo"] = month }
        #expect(found.isEmpty == valid, "\(month): \(found)")
        #expect(found.allSatisfy { $0.field == "duesPaidUpTo" })
    }

    @Test("validity is 7, 10, 15, 30 or 90 days", arguments: [7, 10, 15, 30, 90, 0, 14, 60, -7])
    func validity(days: Int) {
        let found = issues { $0["validityDays"] = days }
        #expect(found.isEmpty == [7, 10, 15, 30, 90].contains(days))
    }

    @Test func requiredFieldsMayNotBeMissingOrBlank() {
        let found = issues { o in
            o["number"] = nil
            o["to"] = ""
            member(&o, "name", "   ")
            committee(&o, "address", nil)
        }
        #expect(Set(found.map(\.field)) == ["number", "to", "member.name", "basicCommittee.address"])
        #expect(found.allSatisfy { $0.rule == "required" })
    }

    @Test func unknownKeysAreRejectedAtEveryLevel() {
        let found = issues { o in
            member(&o, "nickname", "小刘")
            committee(&o, "email", "a@b.c")
        }
        #expect(Set(found.map(\.field)) == ["member.nickname", "basicCommittee.email"])
    }

    @Test func wrongTypesNameTheField() {
        let found = issues { o in
            o["validityDays"] = "15"
            o["member"] = "刘忠鹏"
            o["issuedOn"] = "2017-02-30"
        }
        #expect(Set(found.map(\.field)) == ["validityDays", "member", "issuedOn"])
    }

    @Test func ethnicityMustBeOneOfTheFiftySix() throws {
        var object = sampleObject()
        member(&object, "ethnicity", "蒙古族")
        #expect(try Letter.decode(object: object).member.ethnicity == "蒙古")
        member(&object, "ethnicity", "回")
        #expect(try Letter.decode(object: object).member.ethnicity == "回")
        #expect(issues { member(&$0, "ethnicity", "火星族") }.map(\.rule) == ["known-ethnicity"])
    }

    @Test func errorsReadAsPlainWordsWithFieldAndRule() {
        var object = sampleObject()
        member(&object, "idNumber", "370111196210194415")
        do {
            _ = try Letter.decode(object: object)
            Issue.record("expected an error")
        } catch {
            let text = "\(error)"
            #expect(text.contains("member.idNumber [check-digit]"))
            #expect(text.contains("应为 X"))
        }
    }
}
