/// The filter form's fields of a table's page (the histories, the audit log; `TablePage`), rendered here
/// rather than by Mustache for the reason `TableRows` gives: the history's choice of
/// organization is one `<option>` per organization of the caller's subtree, each four lookups
/// through the context stack, and Mustache was more than half of that page's time
/// (BENCHMARKS.md, issue 17). The markup is the one the template had.
struct FilterFields {
    /// A `<select>`'s option: its value, the text shown (the value when nil), whether chosen.
    struct Choice {
        let value: String
        var text: String? = nil
        let selected: Bool
    }

    /// What a field asks for.
    enum Kind {
        /// A text (or, `date`, a date) input holding `value`, `size` characters wide.
        case text(value: String, size: Int, date: Bool = false)
        /// A `<select>` whose first option, 全部, leaves the filter unset.
        case select([Choice])
    }

    /// A labelled field named `name`.
    struct Field {
        let label: String
        let name: String
        let kind: Kind
    }

    let fields: [Field]

    /// The fields in the order they are shown.
    init(_ fields: [Field]) {
        self.fields = fields
    }

    /// The fields as `<label>` elements.
    var html: String {
        let e = PageHTMLEscaping().escapeText
        var out = ""
        for field in fields {
            out += "<label>\(e(field.label)) "
            switch field.kind {
            case .select(let choices):
                out += "<select name=\"\(e(field.name))\"><option value=\"\">全部</option>"
                for choice in choices {
                    out += "<option value=\"\(e(choice.value))\"\(choice.selected ? " selected" : "")>\(e(choice.text ?? choice.value))</option>"
                }
                out += "</select>"
            case .text(let value, let size, let date):
                out += "<input type=\"\(date ? "date" : "text")\" name=\"\(e(field.name))\" value=\"\(e(value))\" size=\"\(size)\">"
            }
            out += "</label>"
        }
        return out
    }
}
