import Mustache

@testable import Server

// What the Mustache templates the Swift pages replaced looked up in the fragments they were
// given, for the tests that render those templates as the reference (`TablePageTests`,
// `TransferPageTests`, `HomeAndStatisticsPageTests`). The server renders no template with them.

extension TableRows: MustacheParent {
    /// `html`: the rows' markup; `empty`: whether there are none.
    public func child(named name: String) -> Any? {
        switch name {
        case "html": html
        case "empty": rows.isEmpty
        default: nil
        }
    }
}

extension StatisticsCharts: MustacheParent {
    /// `html`: the charts' markup.
    public func child(named name: String) -> Any? {
        name == "html" ? html : nil
    }
}
