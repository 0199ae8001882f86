/// The member's sex, as ticked over 男/女 on the letter.
public enum Sex: String, Sendable, CaseIterable {
    /// 男.
    case male = "男"
    /// 女.
    case female = "女"
}
