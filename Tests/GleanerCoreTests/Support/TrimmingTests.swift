import Foundation
import Testing
@testable import GleanerCore

/// `Trimming`'s byte fast path must answer exactly as Foundation's `trimmingCharacters(in:)`.
@Suite struct SupportTrimmingTests {
    @Test func trimmingMatchesFoundation() {
        for s in EntitiesNameTextTests.names + ["\t", "  a  ", "a\u{00A0} ", " \u{3000}x", "x \u{301}", "\n a \r\n", "\u{0085}a", "a\u{0085}", "\u{000B}\u{000C}"] {
            #expect(Trimming.spaces(s) == s.trimmingCharacters(in: .whitespaces), "\(s)")
            #expect(Trimming.spacesAndNewlines(s) == s.trimmingCharacters(in: .whitespacesAndNewlines), "\(s)")
            #expect(Trimming.spaces(s.dropFirst()) == s.dropFirst().trimmingCharacters(in: .whitespaces), "\(s)")
        }
        #expect(Trimming.trim(" \u{00A0}B", newlines: false) == nil)
        #expect(Trimming.trim(" \n B\t", newlines: false) == "\n B" && Trimming.trim(" \n B\t", newlines: true) == "B")
    }
}
