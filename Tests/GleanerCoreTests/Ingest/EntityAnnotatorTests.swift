import Testing
@testable import GleanerCore

/// `EntityAnnotator.isOwnName`'s byte comparison against the folded strings it stands for.
@Suite struct IngestEntityAnnotatorTests {
    @Test func ownNameTestMatchesTheFoldedStrings() {
        let names = ["Meridian Daily", "The Meridian Daily", "THE MERIDIAN DAILY", " \tthe meridian daily\t ", "Meridian  Daily",
                     "The  Meridian Daily", "The", "the ", "The\tMeridian Daily", "Theodore Reyes", "Ana Reyes", "ana reyes ",
                     "Mérida Daily", "The Mérida Daily", "a\r\nb", "Meridian Daily\u{00A0}", "\u{00A0}Ana Reyes", "", " ", "Reyes"]
        let owners = ["Meridian Daily", "The Meridian Daily", "Mérida Daily", "Ana Reyes", "ANA REYES", "Reyes", "the", "x"]
        for owner in owners {
            let folded = EntityAnnotator.ownName(owner)
            guard !folded.isEmpty else { continue }
            for name in names {
                #expect(EntityAnnotator.isOwnName(name, folded) == (EntityAnnotator.ownName(name) == folded), "\(name) / \(owner)")
            }
        }
        #expect(EntityAnnotator.isOwnName("The Meridian Daily", EntityAnnotator.ownName("meridian daily")))
        #expect(!EntityAnnotator.isOwnName("Meridian Dailies", EntityAnnotator.ownName("Meridian Daily")))
    }
}
