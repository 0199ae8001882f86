import Foundation

/// Reads fields of one JSON object, recording an issue for each missing, mistyped, blank or
/// unknown field instead of stopping at the first.
struct JSONFields {
    let object: [String: Any]
    let path: String
    private(set) var issues: [ValidationIssue] = []

    init(_ object: [String: Any], path: String = "") {
        self.object = object
        self.path = path
    }

    func name(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    mutating func fail(_ key: String, _ rule: String, _ message: String) {
        issues.append(ValidationIssue(field: name(key), rule: rule, message: message))
    }

    /// Records every key that is not in `known`.
    mutating func rejectUnknown(_ known: [String]) {
        for key in object.keys.sorted() where !known.contains(key) {
            fail(key, "unknown-field", "未知字段“\(key)”；允许的字段：\(known.joined(separator: ", "))")
        }
    }

    /// A required, non-blank string, trimmed.
    mutating func string(_ key: String, required: Bool = true, maxLength: Int = FieldRules.maxNameLength) -> String? {
        guard let raw = object[key], !(raw is NSNull) else {
            if required { fail(key, "required", "必填字段缺失") }
            return nil
        }
        guard let text = raw as? String else {
            fail(key, "type", "应为字符串")
            return nil
        }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty {
            fail(key, "required", "不能为空")
            return nil
        }
        if trimmed.count > maxLength {
            fail(key, "max-length", "最多 \(maxLength) 个字符，实为 \(trimmed.count) 个")
            return nil
        }
        if trimmed.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            fail(key, "characters", "含有控制字符")
            return nil
        }
        return trimmed
    }

    /// An integer (a JSON number without a fraction).
    mutating func integer(_ key: String, required: Bool = true) -> Int? {
        guard let raw = object[key], !(raw is NSNull) else {
            if required { fail(key, "required", "必填字段缺失") }
            return nil
        }
        guard let number = raw as? NSNumber, String(cString: number.objCType) != "c",
            let value = Int(exactly: number.doubleValue)
        else {
            fail(key, "type", "应为整数")
            return nil
        }
        return value
    }

    /// A nested object.
    mutating func object(_ key: String) -> [String: Any]? {
        guard let raw = object[key], !(raw is NSNull) else {
            fail(key, "required", "必填字段缺失")
            return nil
        }
        guard let nested = raw as? [String: Any] else {
            fail(key, "type", "应为对象")
            return nil
        }
        return nested
    }

    mutating func absorb(_ other: JSONFields) { issues += other.issues }
}
