import LetterModel
import Testing

/// The phone and postcode rules are written by hand for speed (a register's import checks
/// hundreds of thousands); they must say exactly what their patterns say.
@Suite struct FieldRulesTests {
    @Test func theHandWrittenRulesAgreeWithTheirPatternsOnEveryKindOfInput() {
        let mobile = /1[3-9][0-9]{9}/
        let landline = /0[1-9][0-9]{1,2}-?[2-9][0-9]{6,7}(-[0-9]{1,6})?/
        let postcode = /[0-9]{6}/
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("0123456789-1x ")
        var samples = [
            "13606406636", "12606406636", "1360640663", "136064066361", "0531-86001234", "053186001234", "0531-8600123",
            "010-12345678", "010-12345678-123", "010-12345678-1234567", "0531-06001234", "00531-86001234", "250001", "25000", "2500011",
            "", "-", "0531--86001234", "05318600123", "0531-86001234-", "０５３１-86001234",
        ]
        for _ in 0..<20_000 {
            let length = Int.random(in: 0...20, using: &generator)
            samples.append(String((0..<length).map { _ in alphabet.randomElement(using: &generator)! }))
            // Near misses of real numbers: one character changed.
            var near = Array(["0531-86001234", "13606406636", "010-12345678-12", "250014"].randomElement(using: &generator)!)
            near[Int.random(in: 0..<near.count, using: &generator)] = alphabet.randomElement(using: &generator)!
            samples.append(String(near))
        }
        for s in samples {
            #expect(FieldRules.isMobile(s) == (s.wholeMatch(of: mobile) != nil), "mobile “\(s)”")
            #expect(FieldRules.isLandline(s) == (s.wholeMatch(of: landline) != nil), "landline “\(s)”")
            #expect(FieldRules.isPostcode(s) == (s.wholeMatch(of: postcode) != nil), "postcode “\(s)”")
        }
    }
}
