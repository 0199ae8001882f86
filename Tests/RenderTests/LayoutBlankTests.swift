import Foundation
import Testing

@testable import Render

/// A county's own print run: template two's blanks named, moved one by one within reason, and
/// written back as a layout file that reads the same.
@Suite struct LayoutBlankTests {
    @Test func everyBlankAndTickOptionOfTemplateTwoHasItsOwnKey() {
        let blanks = Fixtures.templateTwo.blanks
        #expect(Set(blanks.map(\.key)).count == blanks.count)
        #expect(blanks.contains { $0.key == "letter:member.sex=女" && $0.isTick && $0.label == "性别：女" })
        #expect(blanks.contains { $0.key == "receipt:number" && !$0.isTick && $0.position == Point(x: 140.05, y: 234.0) })
    }

    @Test func aMovedLayoutMovesOnlyTheNamedBlanksAndReadsBackTheSame() throws {
        let moved = try Fixtures.templateTwo.moving(
            ["letter:member.name": Point(x: 32, y: 120), "stub:member.category=正式": Point(x: 151, y: 44)],
            name: "县印")
        let before = Dictionary(uniqueKeysWithValues: Fixtures.templateTwo.blanks.map { ($0.key, $0.position) })
        for blank in moved.blanks {
            let expected = ["letter:member.name": Point(x: 32, y: 120), "stub:member.category=正式": Point(x: 151, y: 44)][blank.key] ?? before[blank.key]
            #expect(blank.position == expected, "\(blank.key)")
        }
        let written = try JSONEncoder().encode(moved)
        let read = try LayoutFile.decode(written, source: "moved")
        #expect(read == moved && read.name == "县印")
    }

    @Test func anUnknownBlankAPositionOffThePageOrFarFromTheTemplateIsRefusedByName() {
        for (positions, words) in [
            (["letter:member.nickname": Point(x: 1, y: 1)], "member.nickname"),
            (["letter:member.name": Point(x: -1, y: 119)], "纸面之内"),
            (["letter:member.name": Point(x: 30.1, y: .infinity)], "纸面之内"),
            (["letter:member.name": Point(x: 90.1, y: 119.4)], "姓名"),
        ] {
            #expect(throws: RenderError.self) { try Fixtures.templateTwo.moving(positions, name: "x") }
            do {
                _ = try Fixtures.templateTwo.moving(positions, name: "x")
            } catch {
                #expect(error.message.contains(words), "\(error.message)")
            }
        }
    }
}
