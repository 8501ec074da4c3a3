package io.mapdirect.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.mapdirect.check.InvariantId;
import io.mapdirect.check.Violation;
import io.mapdirect.corpus.CorpusFiles;
import io.mapdirect.corpus.FoundCases;
import io.mapdirect.corpus.Replay;
import io.mapdirect.events.HarnessEvents;
import io.mapdirect.kernel.EventLog;
import io.mapdirect.report.ExplainFilter;
import io.mapdirect.report.StateLine;
import io.mapdirect.report.Timeline;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code explain --html} and {@code verdicts --html}, checked in a real headless browser: the page is
 * loaded by Chromium and the DOM it builds is compared with the run the page shows (lanes, one box per
 * operation with its result, the violations at their steps, the state line), the page must load
 * nothing from outside, and a screenshot goes to {@code properties/target/html/} for a person to look
 * at. Skipped, saying why, where no Chromium is installed ({@code apt-get install -y chromium}).
 */
class HtmlPagesTest {
    static final Path OUT = Path.of("target", "html");
    static final Path LDCF = FoundCases.corpusRoot().resolve("cases/faults/lease-direct-check-first.case");

    private static HeadlessBrowser browser;

    @BeforeAll
    static void findBrowser() throws IOException {
        Files.createDirectories(OUT);
        Optional<HeadlessBrowser> found = HeadlessBrowser.find(OUT.resolve("chromium-profile"));
        assumeTrue(found.isPresent(), "no headless Chromium on the PATH (apt-get install -y chromium): the HTML pages"
                + " are not checked in a browser");
        browser = found.get();
    }

    @Test
    void explainHtmlShowsEveryTaskOperationAndViolationOfTheRun() throws IOException {
        Path page = OUT.resolve("explain-ldcf.html");
        CommandRun explain = CommandRun.of("explain", LDCF.toString(), "--html", page.toString());
        assertThat(explain.status()).as(explain.err()).isZero();
        assertThat(explain.out()).isEmpty();
        Replay.Replayed run = Replay.run(CorpusFiles.load(LDCF).parsed());
        List<EventLog.Entry> entries = run.result().world().kernel().events().entries();

        Document dom = Jsoup.parse(browser.dumpDom(page));
        assertThat(dom.title()).contains(run.replayed().title());
        assertThat(dom.select(".lane-name").eachText())
                .isEqualTo(Timeline.tasksOf(entries, ExplainFilter.INVARIANT_RELEVANT));
        List<String> opsShown = dom.select(".op").stream().map(op -> op.attr("data-op") + " = " + op.attr("data-result")).toList();
        List<String> opsRun = entries.stream().filter(e -> e.event() instanceof HarnessEvents.OpDone)
                .map(e -> (HarnessEvents.OpDone) e.event())
                .map(done -> done.actor() + "#" + done.index() + " = " + Timeline.resultOf(done)).toList();
        assertThat(opsShown).containsExactlyInAnyOrderElementsOf(opsRun).isNotEmpty();
        assertThat(dom.select(".violation")).extracting(v -> v.attr("data-invariant"))
                .containsExactlyElementsOf(run.result().violations().stream().map(v -> v.id().name()).toList())
                .contains(InvariantId.REG_ON_BROKEN_REFUSED.name());
        Violation first = run.result().violations().get(0);
        Element band = dom.selectFirst(".violation");
        assertThat(band.text()).isEqualTo("VIOLATED " + first.describe());
        assertThat(String.join("; ", dom.select("#state li").eachText())).isEqualTo(StateLine.of(run.result().world())
                .substring("state: ".length()));
        assertSelfContained(dom, page);

        Path png = OUT.resolve("explain-ldcf.png");
        browser.screenshot(page, png, 1400, 2400);
        assertThat(png).isNotEmptyFile();
    }

    @Test
    void verdictsHtmlIsAColouredGridWhoseViolatedCellsLinkToTheirCasePages() throws IOException {
        Path page = OUT.resolve("verdicts.html");
        CommandRun verdicts = CommandRun.of("verdicts", "--budget", "20", "--variant", "UPSTREAM", "--html", page.toString(),
                "--json");
        assertThat(verdicts.status()).as(verdicts.err()).isZero();
        var json = verdicts.json();

        Document dom = Jsoup.parse(browser.dumpDom(page));
        List<Element> cells = dom.select("#verdicts td[data-invariant]");
        assertThat(cells).hasSize(InvariantId.values().length);
        for (Element cell : cells) {
            String expected = json.get("variants").get(cell.attr("data-variant")).get("invariants")
                    .get(cell.attr("data-invariant")).asText();
            assertThat(cell.className()).as(cell.attr("data-variant") + " " + cell.attr("data-invariant")).isEqualTo(expected);
        }
        List<Element> links = dom.select("#verdicts td a[href]");
        assertThat(links).hasSize(json.get("violations").size()).isNotEmpty();
        for (Element link : links) {
            Path casePage = OUT.resolve(link.attr("href").replaceFirst("#.*", ""));
            assertThat(casePage).exists();
            Document caseDom = Jsoup.parse(browser.dumpDom(casePage));
            assertThat(caseDom.select(".violation").eachAttr("data-invariant"))
                    .contains(link.parent().attr("data-invariant"));
            assertThat(caseDom.select(".op")).isNotEmpty();
            assertSelfContained(caseDom, casePage);
        }
        assertSelfContained(dom, page);

        Path png = OUT.resolve("verdicts.png");
        browser.screenshot(page, png, 1000, 900);
        assertThat(png).isNotEmptyFile();
    }

    /** Nothing is loaded from elsewhere: no scripts, style sheets, images, frames or CSS url()s. */
    private static void assertSelfContained(Document dom, Path page) throws IOException {
        assertThat(dom.select("script, link, img, iframe, object, embed, [src]")).as(page.toString()).isEmpty();
        assertThat(Files.readString(page)).as(page.toString()).doesNotContain("url(", "@import", "http://", "https://");
        assertThat(dom.select("style")).as(page.toString()).hasSize(1);
    }
}
