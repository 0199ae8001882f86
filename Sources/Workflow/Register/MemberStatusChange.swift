/// A change of a member's standing that the register keeps as a record (register spec §3):
/// the member leaves every list of active members, with the date, a note and who.
public enum MemberStatusChange: String, Sendable, Codable, CaseIterable {
    /// 党员补删: entered by mistake.
    case removed = "remove"
    /// 党员死亡.
    case deceased = "death"
    /// 党员出党.
    case left = "leave"
    /// 停止党籍.
    case stopped = "stop"

    /// The change's name as the manuals write it.
    public var label: String {
        switch self {
        case .removed: "补删"
        case .deceased: "死亡"
        case .left: "出党"
        case .stopped: "停止党籍"
        }
    }

    /// The status the member takes.
    var status: MemberStatus {
        switch self {
        case .removed: .history(.removed)
        case .deceased: .history(.deceased)
        case .left: .history(.left)
        case .stopped: .stopped
        }
    }
}
