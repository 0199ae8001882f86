import Foundation
import Workflow

extension TransferBody {
    /// The body as JSON, the bytes `APIRoutes.encoder` writes for it, written by `JSONBytes`
    /// (why: see there). Members in sorted order, optional ones only when present; a test holds
    /// this to `JSONEncoder`'s output for every kind of transfer.
    var json: [UInt8] {
        var out = JSONBytes(capacity: 1024 + 320 * (hops.count + log.count))
        out.object { o in
            o.field("allowedOperations", allowedOperations)
            o.field("basicCommittees", basicCommittees)
            o.field("createdAt", createdAt)
            o.key("direction")
            o.object { d in
                d.field("destination", direction.destination)
                d.field("destinationName", direction.destinationName)
                d.field("kind", direction.kind)
                d.field("letterhead", direction.letterhead)
                d.field("manualReview", direction.manualReview)
                d.field("origin", direction.origin)
            }
            o.field("duesPaidUpTo", duesPaidUpTo)
            o.key("hops")
            o.array(hops) { $0.letter($1) }
            o.field("id", id)
            o.field("initiator", initiator)
            o.key("log")
            o.array(log) { $0.logEntry($1) }
            o.key("member")
            o.object { m in
                m.field("id", member.id)
                m.field("idNumber", member.idNumber)
                m.field("name", member.name)
            }
            o.field("originLetterNumber", originLetterNumber)
            if let paper {
                o.key("paper")
                o.object { p in
                    p.field("category", paper.category)
                    p.field("completedOn", paper.completedOn)
                    p.field("issuedOn", paper.issuedOn)
                    p.field("letterNumber", paper.letterNumber)
                }
            }
            o.key("path")
            o.object { p in
                p.field("organizations", path.organizations)
                p.field("turnIndex", path.turnIndex)
            }
            if let returnedReceipt {
                o.key("returnedReceipt")
                o.object { r in
                    r.field("number", returnedReceipt.number)
                    r.field("returnedOn", returnedReceipt.returnedOn)
                    r.field("scan", returnedReceipt.scan)
                    r.field("sha256", returnedReceipt.sha256)
                }
            }
            o.key("state")
            o.object { s in
                s.field("code", state.code)
                s.field("holder", state.holder)
                s.field("label", state.label)
                if let note = state.note {
                    s.key("note")
                    s.object { n in
                        n.field("kind", note.kind)
                        n.field("text", note.text)
                    }
                }
                s.field("reason", state.reason)
                s.field("since", state.since)
            }
            o.field("type", type)
            o.field("version", version)
        }
        return out.bytes
    }
}

extension JSONBytes {
    fileprivate mutating func letter(_ l: TransferBody.Letter) {
        object { o in
            if let a = l.amendments {
                o.key("amendments")
                o.object { a2 in
                    a2.field("address", a.address)
                    a2.field("addressee", a.addressee)
                    a2.field("fax", a.fax)
                    a2.field("memberPhone", a.memberPhone)
                    a2.field("phone", a.phone)
                    a2.field("postcode", a.postcode)
                    a2.field("reason", a.reason)
                }
            }
            o.field("automatic", l.automatic)
            o.field("expiresAt", l.expiresAt)
            o.field("from", l.from)
            o.field("issuedAt", l.issuedAt)
            o.field("number", l.number)
            o.field("receiptReturnedAt", l.receiptReturnedAt)
            o.field("to", l.to)
            o.field("validityDays", l.validityDays)
            o.field("withdrawn", l.withdrawn)
        }
    }

    fileprivate mutating func logEntry(_ e: TransferBody.LogEntry) {
        object { o in
            o.key("actor")
            o.object { a in
                a.field("id", e.actor.id)
                a.field("kind", e.actor.kind)
            }
            o.field("at", e.at)
            o.field("from", e.from)
            o.field("note", e.note)
            o.field("operation", e.operation)
            o.field("person", e.person)
            o.field("to", e.to)
        }
    }
}
