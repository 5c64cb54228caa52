import Foundation
import Testing
@testable import GleanerCore

/// One test per removal rule: the article prose survives, the boilerplate does not.
@Suite struct ExtractBoilerplateRemovalTests {
    typealias F = ExtractFixtures

    func body(_ html: String) throws -> String { try F.extract(html).text }

    func expectProse(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        for p in F.paragraphs { #expect(text.contains(p), "missing prose: \(p.prefix(40))", sourceLocation: sourceLocation) }
    }

    @Test func proseParagraphsAreSeparatedByBlankLines() throws {
        let text = try body(F.page())
        #expect(text == F.paragraphs.joined(separator: "\n\n"))
    }

    @Test func headlineIsNotPartOfTheBody() throws {
        let a = try F.extract(F.page())
        #expect(a.title == "River park to grow after council vote")
        #expect(!a.text.contains("River park to grow after council vote"))
    }

    @Test func commentFormAndThreadAreRemoved() throws {
        let comments = """
        <div id="comments" class="comments-area"><h3>3 comments</h3>
        <ol class="comment-list"><li class="comment"><p>Great news for the neighbourhood, finally some progress after all these years of talk.</p></li></ol>
        <div id="respond"><h3>Leave a Reply</h3><form><p>Please enter your comment!</p><p>Please enter your name here</p>
        <p>You have entered an incorrect email address!</p></form></div></div>
        """
        let text = try body(F.page(inside: comments))
        expectProse(text)
        #expect(!text.contains("Please enter your comment"))
        #expect(!text.contains("Great news for the neighbourhood"))
        #expect(!text.contains("Leave a Reply"))
    }

    @Test func commentFormResidueWithoutClassesIsRemoved() throws {
        let text = try body(F.page(inside: "<p>Please enter your comment!</p><p>Leave a Reply</p>"))
        expectProse(text)
        #expect(!text.contains("Please enter your comment"))
    }

    @Test func authorBioBoxIsRemoved() throws {
        let bio = #"<div class="author-bio"><p>Jane Doe is a senior reporter for The Daily Example, covering city hall, housing and transport since 2015.</p></div>"#
        let text = try body(F.page(inside: bio))
        expectProse(text)
        #expect(!text.contains("Jane Doe is a senior reporter"))
    }

    @Test func trailingBioParagraphIsRemoved() throws {
        let text = try body(F.page(inside: "<p>Jane Doe is a reporter for The Daily Example based in Springfield.</p>"))
        expectProse(text)
        #expect(!text.contains("Jane Doe is a reporter"))
    }

    @Test func relatedListIsRemoved() throws {
        let related = """
        <div class="related-stories"><h3>Related</h3><ul>
        <li><a href="/a">Council approves new budget for the coming year after long debate</a></li>
        <li><a href="/b">Library opening hours to change in the new year, officials say</a></li></ul></div>
        """
        let text = try body(F.page(inside: related))
        expectProse(text)
        #expect(!text.contains("Council approves new budget"))
    }

    @Test func shareBarIsRemoved() throws {
        let share = ##"<div class="share-bar"><a href="#">Share on Facebook</a> <a href="#">Share on Twitter</a> <span>Copy link to this story now</span></div>"##
        let text = try body(F.page(beforeProse: share))
        expectProse(text)
        #expect(!text.contains("Facebook"))
        #expect(!text.contains("Copy link"))
    }

    @Test func newsletterBoxIsRemoved() throws {
        let box = #"<aside class="newsletter-signup"><p>Get the morning briefing delivered to your inbox every weekday, free of charge.</p></aside>"#
        let text = try body(F.page(inside: box))
        expectProse(text)
        #expect(!text.contains("morning briefing"))
    }

    @Test func newsletterPromoParagraphIsRemoved() throws {
        let text = try body(F.page(inside: "<p>Sign up for our free newsletter to get the best stories in your inbox.</p>"))
        expectProse(text)
        #expect(!text.contains("newsletter"))
    }

    @Test func cookieNoticeIsRemoved() throws {
        let notice = #"<div class="cookie-consent"><p>We use cookies to improve your experience. By continuing to browse you agree to our use of cookies.</p></div>"#
        let text = try body(F.page(inside: notice))
        expectProse(text)
        #expect(!text.contains("cookies"))
    }

    @Test func paywallNoticeIsRemoved() throws {
        let notice = #"<div class="paywall-prompt"><p>You have reached your limit of free articles this month. Subscribe now for unlimited access.</p></div>"#
        let text = try body(F.page(inside: notice))
        expectProse(text)
        #expect(!text.contains("limit of free articles"))
    }

    @Test func pageWidePaywallWrapperDoesNotRemoveTheArticle() throws {
        let html = F.page().replacingOccurrences(of: "<main>", with: #"<main class="paywall">"#)
        expectProse(try body(html))
    }

    @Test func readMoreLineIsRemoved() throws {
        let line = #"<p><strong>Read more:</strong> <a href="/x">Council election results in full</a></p><p>Related: <a href="/y">Park history</a></p>"#
        let text = try body(F.page(inside: line))
        expectProse(text)
        #expect(!text.contains("Read more"))
        #expect(!text.contains("Related:"))
    }

    @Test func captionAndPhotoCreditAreRemoved() throws {
        let figure = #"<figure><img src="p.jpg"><figcaption>The river park in spring. Photo: John Smith/The Daily Example</figcaption></figure>"#
        let inline = #"<p><span class="image-caption">Walkers near the old mill on Sunday.</span></p>"#
        let text = try body(F.page(beforeProse: figure, inside: inline))
        expectProse(text)
        #expect(!text.contains("river park in spring"))
        #expect(!text.contains("Walkers near the old mill"))
    }

    @Test func bylineAndTimestampAreRemoved() throws {
        let meta = "<p>By Jane Doe and John Roe</p><p>Updated 3:04 PM ET, Tue November 19, 2019</p>"
        let text = try body(F.page(beforeProse: meta))
        expectProse(text)
        #expect(!text.contains("Jane Doe"))
        #expect(!text.contains("3:04"))
    }

    @Test func bylineElementIsRemoved() throws {
        let meta = #"<div class="byline"><span>Jane Doe</span> <time datetime="2019-11-19">November 19, 2019</time></div>"#
        let text = try body(F.page(beforeProse: meta))
        expectProse(text)
        #expect(!text.contains("Jane Doe"))
    }

    @Test func sentenceStartingWithByIsKept() throws {
        let sentence = "By the end of the decade, the park will be the largest green space in the city, planners said."
        let text = try body(F.page(inside: "<p>\(sentence)</p>"))
        #expect(text.contains(sentence))
    }

    @Test func subheadingsAndListItemsSurvive() throws {
        let inside = "<h2>What happens next</h2><ul><li>Surveyors visit the site in March.</li><li>Tenders close in May.</li></ul>"
        let text = try body(F.page(inside: inside))
        expectProse(text)
        #expect(text.contains("What happens next"))
        #expect(text.contains("Surveyors visit the site in March."))
        #expect(text.contains("Tenders close in May."))
    }

    @Test func embeddedTweetSurvivesDespiteSocialClass() throws {
        let tweet = #"<div class="social-embed"><blockquote class="twitter-tweet"><p>The park vote is a win for everyone in the east end of town.</p>— Mayor (@mayor) November 19, 2019</blockquote></div>"#
        let text = try body(F.page(inside: tweet))
        #expect(text.contains("The park vote is a win for everyone"))
    }

    @Test func hiddenElementsAreRemoved() throws {
        let hidden = #"<div style="display:none"><p>This hidden paragraph should never be extracted from the page at all.</p></div>"#
        let text = try body(F.page(inside: hidden))
        expectProse(text)
        #expect(!text.contains("hidden paragraph"))
    }

    @Test func navigationAndFooterAreRemoved() throws {
        let text = try body(F.page())
        #expect(!text.contains("Sport"))
        #expect(!text.contains("Privacy policy"))
    }

    @Test func classMatcherUsesWordBoundaries() {
        #expect(Boilerplate.matchesClass("top-ad"))
        #expect(!Boilerplate.matchesClass("header-loaded"))  // "ad" inside a word is not an ad
        #expect(Boilerplate.matchesClass("comment-list"))
        #expect(Boilerplate.matchesClass("sidebar"))
        #expect(!Boilerplate.matchesClass("article-body"))
        #expect(!Boilerplate.matchesClass("status-publish"))
    }

    @Test func textRules() {
        #expect(BoilerplateText.isBoilerplateLine("Read more: Council election results"))
        #expect(BoilerplateText.isBoilerplateLine("ADVERTISEMENT"))
        #expect(BoilerplateText.isBoilerplateLine("[button link=\"/x\"]Send us your story[/button]"))
        #expect(!BoilerplateText.isBoilerplateLine("More than 200 people attended the meeting."))
        #expect(BoilerplateText.isByline(ArraySlice(Array("By JANE DOE, Associated Press".utf8))))
        #expect(!BoilerplateText.isByline(ArraySlice(Array("By the end of the year the park will be open to all visitors.".utf8))))
        #expect(BoilerplateText.isDateline(ArraySlice(Array("Published 5 hours ago".utf8))))
        #expect(BoilerplateText.isDateline(ArraySlice(Array("Nov. 19, 2019 7:32 PM".utf8))))
        #expect(!BoilerplateText.isDateline(ArraySlice(Array("2019 was a good year".utf8))))
    }
}
