import Workflow

extension JSONBytes {
    /// Writes `summaries` as the API's lists of transfers (the queue, the histories, the acted
    /// views, the not-reported list): the bytes `APIRoutes.encoder` writes for them, by
    /// `JSONBytes` (why: see there; a history is 200 of these). A test holds them to
    /// `JSONEncoder`'s.
    mutating func summaries(_ summaries: [TransferSummary]) {
        array(summaries) { out, s in
            out.object { o in
                o.field("createdAt", s.createdAt)
                o.field("destination", s.destination?.rawValue)
                o.field("expiresAt", s.expiresAt)
                o.field("holder", s.holder?.rawValue)
                o.field("id", s.id)
                o.field("memberIDNumber", s.memberIDNumber)
                o.field("memberName", s.memberName)
                o.field("overdue", s.overdue)
                o.field("source", s.source.rawValue)
                o.field("state", s.state)
                o.field("type", s.type)
                o.field("version", s.version)
            }
        }
    }

    /// The list alone, as a body.
    static func summaries(_ summaries: [TransferSummary]) -> [UInt8] {
        var out = JSONBytes(capacity: 64 + 400 * summaries.count)
        out.summaries(summaries)
        return out.bytes
    }

    /// The queue as the API answers it: `{"counts": {"own", "subordinates"}, "items": [...]}`.
    static func queue(counts: QueueCounts, items: [TransferSummary]) -> [UInt8] {
        var out = JSONBytes(capacity: 96 + 400 * items.count)
        out.object { o in
            o.key("counts")
            o.object { c in
                c.field("own", counts.own)
                c.field("subordinates", counts.subordinates)
            }
            o.key("items")
            o.summaries(items)
        }
        return out.bytes
    }
}
