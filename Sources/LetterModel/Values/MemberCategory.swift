/// Whether the member is a probationary (预备) or full (正式) member, ticked on the letter.
public enum MemberCategory: String, Sendable, CaseIterable {
    /// 预备党员.
    case probationary = "预备"
    /// 正式党员.
    case full = "正式"
}
