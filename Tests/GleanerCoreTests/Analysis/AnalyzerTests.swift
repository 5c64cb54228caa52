import Testing
@testable import GleanerCore

@Suite struct AnalyzerTests {
    @Test func snowballStemming() {
        let s = Stemmer()
        #expect(s.stem("mercenaries") == "mercenari")
        #expect(s.stem("mercenary") == "mercenari")
        #expect(s.stem("running") == "run")
        #expect(s.stem("shields") == "shield")
        #expect(s.stem("42") == "42")
    }

    @Test func analyzerStemsAfterFolding() {
        let terms = Analyzer().terms("Mercenaries SHIELDS Zürich's")
        #expect(terms.map(\.term) == ["mercenari", "shield", "zurich"])
        #expect(terms.map(\.word) == ["mercenaries", "shields", "zurich"])
    }

    @Test func pluralAcronymsLoseTheirS() {
        let a = Analyzer()
        #expect(a.terms("RXRs miRNAs CEOs iPSCs").map(\.term) == ["rxr", "mirna", "ceo", "ipsc"])
        #expect(a.terms("RXR miRNA CEO iPSC").map(\.term) == ["rxr", "mirna", "ceo", "ipsc"])
        // All capitals, one capital, or too short: left to the stemmer as before.
        #expect(a.terms("ROS NEWS Paris Ms").map(\.word) == ["ros", "news", "paris", "ms"])
        #expect(a.terms("RXRs").map(\.word) == ["rxr"])
    }

    @Test func stopwords() {
        #expect(Stopwords.contains("the"))
        #expect(!Stopwords.contains("wagner"))
    }
}
