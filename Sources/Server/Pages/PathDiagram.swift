import Mustache
import Workflow

/// A transfer's path drawn as boxes and arrows (the transfer page, and the apply page's
/// preview), rendered here rather than by Mustache for the reason `TableRows` gives: each box
/// was a dozen `{{name}}` lookups through the context stack, and the transfer page is one of
/// the pages people wait on (BENCHMARKS.md, issue 17). The markup is the one the templates had.
struct PathDiagram: MustacheParent {
    /// One organization's box.
    struct Node {
        let name: String
        let contact: String
        let highlighted: Bool
    }

    let nodes: [Node]
    /// Whether the arrows end in the page's arrowhead marker (`#a`, defined by the transfer page).
    let arrowheads: Bool

    /// `html`: the boxes and arrows; `width`: the `<svg>`'s width for them.
    func child(named name: String) -> Any? {
        switch name {
        case "html": html
        case "width": width
        default: nil
        }
    }

    /// Each box is 150 wide, one every 180.
    var width: Int { 20 + 180 * nodes.count }

    /// The boxes (`<g>`) and the arrows between them.
    var html: String {
        let e = PageHTMLEscaping().escapeText
        let marker = arrowheads ? " marker-end=\"url(#a)\"" : ""
        var out = ""
        out.reserveCapacity(nodes.count * 400)
        for (i, node) in nodes.enumerated() {
            let short = String(node.name.replacing("中共", with: "").prefix(11))
            out += "\n<g><title>\(e(node.name))｜联系人 \(e(node.contact))</title><rect x=\"\(10 + i * 180)\" y=\"20\" width=\"150\" height=\"44\" rx=\"6\" fill=\""
            out += node.highlighted ? "#ffcdd2" : "#fff"
            out += "\" stroke=\"#555\"></rect>\n<text x=\"\(85 + i * 180)\" y=\"46\" font-size=\"12\" text-anchor=\"middle\">\(e(short))</text></g>"
            if i < nodes.count - 1 {
                out += "<line x1=\"\(160 + i * 180)\" y1=\"42\" x2=\"\(188 + i * 180)\" y2=\"42\" stroke=\"#555\"\(marker)></line>"
            }
            out += "\n"
        }
        return out
    }
}

extension PathDiagram {
    /// The diagram of `path`, the box of `highlight` (the current holder) filled.
    init(_ path: [OrganizationID], tree: OrganizationTree, highlight: OrganizationID?, arrowheads: Bool) {
        nodes = path.map { id in
            let org = tree.organizations[id]
            return Node(
                name: org?.name ?? id.rawValue, contact: org?.contact.map { "\($0.person) \($0.phone)" } ?? "",
                highlighted: highlight == id)
        }
        self.arrowheads = arrowheads
    }
}
