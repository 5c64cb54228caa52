import Foundation
import Testing
@testable import GleanerCore
import GleanerTestSupport

/// End to end with the shipped model (Models/ner-en.model).
@Suite struct EntitiesRecognizerTests {
    static let paragraph = """
    Wagner Group fighters have taken most of Bakhmut, the White House said on Monday. \
    John Kirby, a spokesman for the National Security Council, told reporters in Washington \
    that the mercenary force led by Yevgeny Prigozhin had lost thousands of men. \
    Kirby said Wagner was using convicts as "cannon fodder" in the battle for the city. \
    Prigozhin's fighters have been attacking Bakhmut for months.
    """

    @Test func modelIsFoundFromTheTests() throws {
        let path = try ModelLocator.defaultModelPath()
        #expect(path.hasSuffix("Models/ner-en.model"))
        #expect(ModelLocator.candidates(environment: ["GLEANER_MODEL": "/x/m.model"]).first == "/x/m.model")
    }

    @Test func shippedModelFindsTheNewsEntities() throws {
        let r = try EntityRecognizer.loadDefault()
        let entities = r.documentEntities(title: "Wagner Chief Says Bakhmut Has Nearly Fallen", body: EntitiesRecognizerTests.paragraph)
        func type(_ name: String) -> EntityType? { entities.first { $0.name == name }?.type }
        #expect(type("John Kirby") == .person)
        #expect(type("Yevgeny Prigozhin") == .person)
        #expect(type("Wagner Group") == .organization)
        #expect(type("Bakhmut") == .place)
        #expect(type("Washington") == .place)
        // Short forms merged, possessive stripped.
        #expect(entities.first { $0.name == "John Kirby" }?.count == 2)
        #expect(entities.first { $0.name == "Yevgeny Prigozhin" }?.count ?? 0 >= 2)
        #expect(!entities.contains { $0.name == "Kirby" || $0.name == "Prigozhin" || $0.name.hasSuffix("'s") })
        // Mentions carry offsets into the body.
        let body = Array(EntitiesRecognizerTests.paragraph.utf8)
        for e in entities { for o in e.offsets { #expect(o.lowerBound >= 0 && o.upperBound <= body.count) } }
    }

    @Test func tagsTokensAndSharesTheModelAcrossThreads() async throws {
        let r = try EntityRecognizer.loadDefault()
        let tags = r.tag(tokens: ["John", "Kirby", "visited", "Bakhmut", "."])
        #expect(tags.map(\.description) == ["B-PER", "I-PER", "O", "B-LOC", "O"])
        let results = await withTaskGroup(of: [String].self) { g in
            for _ in 0..<4 { g.addTask { r.entities(in: EntitiesRecognizerTests.paragraph).map(\.text) } }
            var all: [[String]] = []
            for await x in g { all.append(x) }
            return all
        }
        #expect(Set(results).count == 1)
    }

    @Test func heldOutScoreWhereSharedDataExists() throws {
        guard let shared = RepoPaths.shared else { return }   // skip without ../shared
        let path = shared + "/bench/ner/re3d/train_named.conll"
        guard FileManager.default.fileExists(atPath: path) else { return }
        let r = try EntityRecognizer.loadDefault()
        let sentences = Array(try CoNLL.read(path: path).prefix(300))
        let score = NERTrainer.evaluate(r.model, on: sentences)
        // re3d is partly training data; this guards against a broken model, not quality.
        #expect(score.f1 > 0.5)
    }
}
