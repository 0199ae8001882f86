import Foundation

extension Letter {
    /// Top-level keys of the JSON contract.
    static let keys = [
        "number", "addressee", "member", "from", "to", "duesPaidUpTo", "validityDays",
        "issuedOn", "basicCommittee", "receiptAddressee",
    ]
    static let memberKeys = ["name", "idNumber", "ethnicity", "category", "phone", "sex", "age"]
    static let committeeKeys = ["address", "phone", "fax", "postcode"]

    /// Reads a letter from its JSON contract and checks every rule.
    ///
    /// - Throws: ``LetterError`` with ``LetterError/Code/malformedJSON`` when the bytes are not a
    ///   JSON object, or ``LetterError/Code/invalidLetter`` listing every broken rule.
    public static func decode(json data: Data) throws(LetterError) -> Letter {
        let parsed: Any
        do {
            parsed = try JSONSerialization.jsonObject(with: data, options: [])
        } catch {
            let detail = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String
            throw LetterError(
                code: .malformedJSON,
                message: "信件不是合法的 JSON" + (detail.map { "：\($0)" } ?? ""),
                cause: error as NSError)
        }
        guard let object = parsed as? [String: Any] else {
            throw LetterError(code: .malformedJSON, message: "信件的 JSON 顶层应为对象 {…}")
        }
        return try decode(object: object)
    }

    /// Reads a letter from an already parsed JSON object; see ``decode(json:)``.
    public static func decode(object: [String: Any]) throws(LetterError) -> Letter {
        var top = JSONFields(object)
        top.rejectUnknown(keys)
        let number = top.string("number", maxLength: 32)
        if let n = number, !FieldRules.isLetterNumber(n) {
            top.fail("number", "format", "编号只能由字母、数字和连字符组成，最多 32 位")
        }
        let addressee = top.string("addressee")
        let from = top.string("from")
        let to = top.string("to")
        let receiptAddressee = top.string("receiptAddressee")
        let issuedOn = top.string("issuedOn").flatMap { text -> CivilDate? in
            guard let date = CivilDate(iso: text) else {
                top.fail("issuedOn", "date", "应为 YYYY-MM-DD 格式的有效日期，实为“\(text)”")
                return nil
            }
            return date
        }
        let dues = top.string("duesPaidUpTo").flatMap { text -> YearMonth? in
            guard let month = YearMonth(iso: text) else {
                top.fail("duesPaidUpTo", "month", "应为 YYYY-MM 格式的年月，实为“\(text)”")
                return nil
            }
            return month
        }
        if let dues, let issuedOn, let issueMonth = YearMonth(year: issuedOn.year, month: issuedOn.month) {
            let gap = dues.months(until: issueMonth)
            if gap < 0 {
                top.fail("duesPaidUpTo", "not-after-issue", "党费交至 \(dues) 晚于开具日期 \(issuedOn) 所在月份")
            } else if gap > 3 {
                top.fail(
                    "duesPaidUpTo", "within-three-months",
                    "党费交至 \(dues) 距开具日期 \(issuedOn) 超过三个月：应在 \(issueMonth.adding(months: -3)) 至 \(issueMonth) 之间")
            }
        }
        let validity = top.integer("validityDays")
        if let v = validity, !allowedValidityDays.contains(v) {
            top.fail("validityDays", "allowed-values", "有效期应为 7、10、15、30 或 90 天之一，实为 \(v)")
        }
        var member: Member?
        if let memberObject = top.object("member") {
            var fields = JSONFields(memberObject, path: "member")
            member = decodeMember(&fields, issuedOn: issuedOn)
            top.absorb(fields)
        }
        var committee: BasicCommittee?
        if let committeeObject = top.object("basicCommittee") {
            var fields = JSONFields(committeeObject, path: "basicCommittee")
            committee = decodeCommittee(&fields)
            top.absorb(fields)
        }
        guard top.issues.isEmpty, let number, let addressee, let member, let from, let to, let dues,
            let validity, let issuedOn, let committee, let receiptAddressee
        else {
            throw LetterError(
                code: .invalidLetter,
                message: "信件有 \(top.issues.count) 处不符合要求，请逐项改正后重新提交：",
                issues: top.issues)
        }
        return Letter(
            number: number, addressee: addressee, member: member, from: from, to: to,
            duesPaidUpTo: dues, validityDays: validity, issuedOn: issuedOn,
            basicCommittee: committee, receiptAddressee: receiptAddressee)
    }

    private static func decodeMember(_ f: inout JSONFields, issuedOn: CivilDate?) -> Member? {
        f.rejectUnknown(memberKeys)
        let name = f.string("name", maxLength: 30)
        let id: IDNumber? = f.string("idNumber", maxLength: 40).flatMap { text in
            switch IDNumber.parse(text) {
            case .success(let id): return id
            case .failure(let error):
                f.fail("idNumber", error.explanation.rule, error.explanation.message)
                return nil
            }
        }
        let ethnicity = f.string("ethnicity", maxLength: 10).flatMap { text -> String? in
            guard let bare = FieldRules.ethnicity(text) else {
                f.fail("ethnicity", "known-ethnicity", "“\(text)”不是 56 个民族之一（如“汉族”“蒙古族”）")
                return nil
            }
            return bare
        }
        let category = f.string("category", maxLength: 10).flatMap { text -> MemberCategory? in
            guard let c = MemberCategory(rawValue: text) else {
                f.fail("category", "allowed-values", "应为“正式”或“预备”，实为“\(text)”")
                return nil
            }
            return c
        }
        let phone = f.string("phone", maxLength: 30)
        if let p = phone, !FieldRules.isMobile(p), !FieldRules.isLandline(p) {
            f.fail("phone", "phone", "应为 11 位手机号码或带区号的固定电话（如 0531-85859202），实为“\(p)”")
        }
        let sexText = f.string("sex", required: false, maxLength: 4)
        var sex = id?.sex
        if let sexText {
            if let given = Sex(rawValue: sexText) {
                if let derived = id?.sex, derived != given {
                    f.fail("sex", "matches-id", "性别“\(given.rawValue)”与身份证号码（第 17 位表示\(derived.rawValue)）不符")
                }
                sex = sex ?? given
            } else {
                f.fail("sex", "allowed-values", "应为“男”或“女”，实为“\(sexText)”")
            }
        }
        var age: Int?
        if let id, let issuedOn {
            if id.birthDate > issuedOn {
                f.fail("idNumber", "birth-before-issue", "身份证号码中的出生日期 \(id.birthDate) 晚于开具日期 \(issuedOn)")
            } else {
                age = id.birthDate.years(until: issuedOn)
            }
        }
        if let given = f.integer("age", required: false) {
            if (18...130).contains(given) {
                age = given
            } else {
                f.fail("age", "range", "年龄应在 18 至 130 岁之间，实为 \(given)")
            }
        } else if let a = age, a < 18 {
            f.fail("idNumber", "adult", "按身份证号码，开具之日年龄为 \(a) 岁；党员应年满 18 岁，请核对号码")
        }
        guard let name, let id, let ethnicity, let category, let phone, let sex, let age else { return nil }
        return Member(
            name: name, idNumber: id, ethnicity: ethnicity, category: category,
            phone: phone, sex: sex, age: age)
    }

    private static func decodeCommittee(_ f: inout JSONFields) -> BasicCommittee? {
        f.rejectUnknown(committeeKeys)
        let address = f.string("address")
        let phone = f.string("phone", maxLength: 30)
        if let p = phone, !FieldRules.isLandline(p), !FieldRules.isMobile(p) {
            f.fail("phone", "phone", "应为带区号的固定电话或手机号码，实为“\(p)”")
        }
        let fax = f.string("fax", maxLength: 30)
        if let p = fax, !FieldRules.isLandline(p) {
            f.fail("fax", "fax", "传真应为带区号的号码（如 0531-85859888），实为“\(p)”")
        }
        let postcode = f.string("postcode", maxLength: 10)
        if let p = postcode, !FieldRules.isPostcode(p) {
            f.fail("postcode", "postcode", "邮编应为 6 位数字，实为“\(p)”")
        }
        guard let address, let phone, let fax, let postcode else { return nil }
        return BasicCommittee(address: address, phone: phone, fax: fax, postcode: postcode)
    }
}

extension YearMonth {
    /// The month `n` months later (earlier when negative).
    func adding(months n: Int) -> YearMonth {
        let o = ordinal + n
        return YearMonth(year: o / 12, month: o % 12 + 1)!
    }
}
