package dev.mlops.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.core.ModelRegistries;
import dev.mlops.data.DataTable;
import dev.mlops.data.LabeledData;
import dev.mlops.drift.DriftConfig;
import dev.mlops.drift.DriftDetector;
import dev.mlops.drift.DriftReport;
import dev.mlops.drift.FeatureDrift;
import dev.mlops.model.Classifier;
import dev.mlops.model.Classifiers;
import dev.mlops.model.Metric;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.training.Algorithm;
import dev.mlops.training.Trainer;
import dev.mlops.training.TrainingSpec;
import dev.mlops.validation.Check;
import dev.mlops.validation.ProtectedGroup;
import dev.mlops.validation.ValidationReport;
import dev.mlops.validation.Validator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The validation and drift report pages as a person sees them: opened in headless Chromium, with
 * assertions on what the browser laid out (sizes and positions of the charts' marks, the order of
 * the sections, nothing wider than the window) and on what it fetched (nothing but the page). The
 * screenshots are left in {@code target/report-pages} to be looked at. Without Chromium on the PATH
 * the tests are skipped, unless {@code CI=true}, where they fail.
 */
@DisplayName("report pages, rendered by headless Chromium")
class ReportPagesTest {

    private static final Path DATA = Path.of(System.getProperty("mlops.data.dir"));
    private static final Path SCREENSHOTS = Path.of("target", "report-pages");
    private static final int WIDTH = 1280;
    private static final int NARROW = 420;

    @TempDir
    static Path temp;

    private static HeadlessChromium browser;

    @BeforeAll
    static void startBrowser() throws IOException, InterruptedException {
        Optional<Path> chromium = HeadlessChromium.executable();
        if (chromium.isEmpty() && "true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError("Chromium is not on the PATH; CI=true requires it (apt-get install chromium)");
        }
        assumeTrue(chromium.isPresent(), "Chromium is not on the PATH (apt-get install chromium)");
        browser = HeadlessChromium.start(chromium.get(), temp.resolve("profile"), WIDTH);
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    static void stopBrowser() throws InterruptedException {
        if (browser != null) {
            browser.close();
        }
    }

    /** Opens a page, checks that it fetched nothing but itself and fits the window, keeps a screenshot. */
    private static void open(Path page, String name) throws IOException {
        browser.open(page);
        Files.write(SCREENSHOTS.resolve(name + ".png"), browser.screenshot());
        assertThat(browser.requests()).as("what the page fetched").containsExactly(page.toUri().toString());
        assertThat(browser.evaluate(WIDER_THAN_WINDOW)).as("elements wider than the window").isEmpty();
        assertThat(browser.evaluate(TEXT_INSIDE_CHARTS)).as("text that spills out of its chart").isEmpty();
    }

    /**
     * The elements that reach past the window's right edge, by tag and text (none on a page that
     * fits); what a horizontally scrolling box holds counts as the box.
     */
    private static final String WIDER_THAN_WINDOW = """
            [...document.body.querySelectorAll('*')]
                .filter(e => !(e.parentElement && e.parentElement.closest('.scroll')))
                .filter(e => e.getBoundingClientRect().right > window.innerWidth + 0.5)
                .map(e => e.tagName + ': ' + (e.textContent || '').slice(0, 40))""";

    /** Every text of every chart lies within the chart as laid out (rotated labels included). */
    private static final String TEXT_INSIDE_CHARTS = """
            [...document.querySelectorAll('svg')].flatMap(svg => {
              const chart = svg.getBoundingClientRect();
              return [...svg.querySelectorAll('text')].filter(t => {
                const b = t.getBoundingClientRect();
                return b.left < chart.left - 0.5 || b.top < chart.top - 0.5
                    || b.right > chart.right + 0.5 || b.bottom > chart.bottom + 0.5;
              }).map(t => t.textContent);
            })""";

    private static LabeledData[] creditSplit() {
        DataTable rows = LabeledData.fromCsv(DATA.resolve("credit-g.csv"), "class").table();
        return new LabeledData[] {
            LabeledData.of(rows.rows(IntStream.range(0, 800).toArray()), "class", "credit-g 1-800"),
            LabeledData.of(rows.rows(IntStream.range(800, 1000).toArray()), "class", "credit-g 801-1000")};
    }

    @Test
    @DisplayName("validation against a champion: confusion matrix, both ROC curves in the plot, fairness bars to scale")
    void validationPage() throws IOException {
        LabeledData[] split = creditSplit();
        Classifier model;
        Classifier champion;
        try (Trainer trainer = Trainer.create()) {
            model = trainer.train(split[0], TrainingSpec.builder(Algorithm.LOGISTIC).folds(0).build()).model();
            champion = trainer.train(split[0], TrainingSpec.builder(Algorithm.CART).param("maxDepth", "2").folds(0)
                    .build()).model();
        }
        ValidationReport report = Validator.builder().atLeast(Metric.AUC, 0.7).champion(champion, "credit:1")
                .minImprovement(Metric.AUC, 0.01).significantlyBetter(Metric.ACCURACY, 0.05)
                .fairness(ProtectedGroup.atLeast("age", 25), "good")
                .fairness(ProtectedGroup.majority("foreign_worker"), "good")
                .importance(Metric.ACCURACY, 3)
                .build().validate(model, "credit:2", split[1]);
        Path page = Files.writeString(temp.resolve("validation.html"), report.toHtml());
        open(page, "validation");

        JsonNode shown = browser.evaluate("""
                (() => {
                  const verdict = document.getElementById('verdict');
                  const roc = document.getElementById('roc');
                  const plot = (id) => { const b = document.getElementById(id).getBBox();
                                         return {x: b.x, y: b.y, right: b.x + b.width, bottom: b.y + b.height}; };
                  return {
                    title: document.title,
                    verdict: verdict.innerText,
                    verdictColour: getComputedStyle(verdict).backgroundColor,
                    checkRows: document.querySelectorAll('#checks tr').length - 1,
                    failedRows: document.querySelectorAll('#checks tr.fail').length,
                    cells: [...document.querySelectorAll('#confusion-matrix td[data-count]')].map(td =>
                        ({count: +td.dataset.count, text: td.innerText, width: td.getBoundingClientRect().width})),
                    rocWidth: roc.getBoundingClientRect().width,
                    model: plot('roc-model'), championCurve: plot('roc-champion'),
                    modelLength: document.getElementById('roc-model').getTotalLength(),
                    championDashes: document.getElementById('roc-champion').getAttribute('stroke-dasharray'),
                    point: plot('operating-point'),
                    bars: [...document.querySelectorAll('svg[id^=fairness-] rect.bar')].map(r =>
                        ({value: +r.dataset.value, width: r.getBBox().width,
                          shown: r.getBoundingClientRect().width})),
                    fairnessCharts: document.querySelectorAll('svg[id^=fairness-]').length,
                    sections: [...document.querySelectorAll('h2')].map(h => h.innerText),
                    importance: [...document.querySelectorAll('#importance rect.bar')].map(r =>
                        ({value: +r.dataset.value, width: r.getBBox().width,
                          label: r.querySelector('title').textContent}))
                  };
                })()""");
        assertThat(shown.get("title").asText()).isEqualTo("Validation of credit:2");
        assertThat(shown.get("verdict").asText()).isEqualTo(report.passed() ? "PASSED" : "FAILED");
        assertThat(shown.get("verdictColour").asText())
                .isEqualTo(report.passed() ? "rgb(26, 127, 55)" : "rgb(207, 34, 46)");
        assertThat(shown.get("checkRows").asInt()).isEqualTo(report.checks().size());
        assertThat(shown.get("failedRows").asInt()).isEqualTo(report.failures().size());

        List<Long> counts = report.confusionMatrix().counts().stream().flatMap(List::stream).toList();
        List<Long> cells = new ArrayList<>();
        for (JsonNode cell : shown.get("cells")) {
            cells.add(cell.get("count").asLong());
            assertThat(cell.get("text").asText()).startsWith(cell.get("count").asText());
            assertThat(cell.get("width").asDouble()).as("a cell one can read").isGreaterThan(60);
        }
        assertThat(cells).isEqualTo(counts);

        // the plot area is x 52..372, y 12..332 of the chart's 392 x 372 units
        assertThat(shown.get("rocWidth").asDouble()).isGreaterThan(300);
        for (String curve : List.of("model", "championCurve", "point")) {
            JsonNode box = shown.get(curve);
            assertThat(box.get("x").asDouble()).as(curve).isGreaterThanOrEqualTo(52 - 6);
            assertThat(box.get("right").asDouble()).as(curve).isLessThanOrEqualTo(372 + 6);
            assertThat(box.get("y").asDouble()).as(curve).isGreaterThanOrEqualTo(12 - 6);
            assertThat(box.get("bottom").asDouble()).as(curve).isLessThanOrEqualTo(332 + 6);
        }
        // a curve from (0, 0) to (1, 1) is at least the diagonal long
        assertThat(shown.get("modelLength").asDouble()).isGreaterThan(320 * Math.sqrt(2) - 1);
        assertThat(shown.get("championDashes").asText()).isNotEmpty();

        assertThat(shown.get("fairnessCharts").asInt()).isEqualTo(2);
        assertThat(shown.get("bars")).hasSize(12);
        for (JsonNode bar : shown.get("bars")) {
            // bars are drawn to scale: 440 units is a rate of 1
            assertThat(bar.get("width").asDouble()).isCloseTo(440 * bar.get("value").asDouble(), within(0.1));
        }
        double firstRate = report.fairness().get(0).privileged().selectionRate();
        assertThat(shown.get("bars").get(0).get("value").asDouble()).isEqualTo(firstRate);

        // one bar per feature column, highest first, the longest spanning the 440 units of the plot
        List<String> sections = new ArrayList<>();
        shown.get("sections").forEach(h -> sections.add(h.asText()));
        assertThat(sections).containsSubsequence("Fairness", "Feature importance", "Metrics on these rows");
        var importance = report.importance().orElseThrow();
        JsonNode bars = shown.get("importance");
        assertThat(bars).hasSize(model.featureColumns().size());
        double max = importance.features().get(0).importance();
        assertThat(max).isPositive();
        for (int i = 0; i < bars.size(); i++) {
            var feature = importance.features().get(i);
            assertThat(bars.get(i).get("value").asDouble()).isEqualTo(feature.importance());
            assertThat(bars.get(i).get("label").asText()).contains(feature.name());
            assertThat(bars.get(i).get("width").asDouble())
                    .isCloseTo(440 * Math.max(0, feature.importance()) / max, within(0.1));
        }

        browser.open(page);
        assertThat(browser.evaluate("document.body.innerText").asText()).contains("privileged: age ≥ 25")
                .contains("unprivileged: age < 25").contains("foreign_worker = 'yes'");
    }

    @Test
    @DisplayName("validation on a new model: no champion yet, the skipped comparisons shown as such")
    void noChampionPage() throws IOException {
        LabeledData[] split = creditSplit();
        ValidationReport report;
        try (ModelRegistry registry = ModelRegistries.open("file:" + temp.resolve("store"));
             Trainer trainer = Trainer.builder().registry(registry).build()) {
            trainer.train(split[0], TrainingSpec.builder(Algorithm.LOGISTIC).folds(0).registerAs("credit").build());
            report = Validator.builder().atLeast(Metric.AUC, 0.7).champion(registry, "credit@production")
                    .minImprovement(Metric.AUC, 0.005).build()
                    .validate(Classifiers.load(registry, "credit:1"), "credit:1", split[1]);
        }
        Path page = Files.writeString(temp.resolve("no-champion.html"), report.toHtml());
        open(page, "validation-no-champion");
        JsonNode shown = browser.evaluate("""
                ({skipped: [...document.querySelectorAll('#checks tr.skip')].map(r => r.innerText),
                  championCurves: document.querySelectorAll('#roc-champion').length,
                  summary: document.querySelector('p.meta').innerText})""");
        assertThat(shown.get("skipped")).hasSize(1);
        assertThat(shown.get("skipped").get(0).asText()).contains("auc.improvement").contains("skipped")
                .contains("no champion yet: credit@production points to no version");
        assertThat(shown.get("championCurves").asInt()).isZero();
        assertThat(shown.get("summary").asText()).contains("no champion yet");
        assertThat(report.checks()).extracting(Check::name).containsExactly("auc.min");
    }

    @Test
    @DisplayName("drift: both data sets and the time named, features worst first in the table and the sections")
    void driftPage() throws IOException {
        Path[] split = AgeSplit.write(DATA.resolve("credit-g.csv"), temp);
        Path page = temp.resolve("drift.html");
        DriftCheck.main(new String[] {split[1].toString(), split[0].toString(), page.toString()});
        DriftReport report = DriftDetector.compare(split[1], split[0], java.util.Set.of(), List.of(), List.of(),
                DriftConfig.defaults());
        open(page, "drift");
        JsonNode shown = browser.evaluate("""
                ({title: document.title,
                  compared: document.getElementById('compared').innerText,
                  time: document.querySelector('#compared time').getAttribute('datetime'),
                  rows: [...document.querySelectorAll('#features tr')].slice(1).map(r =>
                      ({name: r.cells[0].innerText, severity: r.cells[1].innerText})),
                  sections: [...document.querySelectorAll('section h2')].map(h => h.firstChild.textContent.trim()),
                  charts: [...document.querySelectorAll('section svg')].map(svg =>
                      Math.max(...[...svg.querySelectorAll('rect')].map(r => r.getBBox().height))),
                  sectionTops: [...document.querySelectorAll('section')].map(s => s.getBoundingClientRect().top)})""");
        assertThat(shown.get("title").asText()).isEqualTo("Drift of under-30.csv against 30-and-over.csv");
        assertThat(shown.get("compared").asText()).startsWith("Current data under-30.csv (")
                .contains(" rows) against reference 30-and-over.csv (").contains("checked");
        assertThat(java.time.Instant.parse(shown.get("time").asText())).isBeforeOrEqualTo(java.time.Instant.now());

        List<String> order = List.of("CRITICAL", "HIGH", "MEDIUM", "LOW", "NONE");
        List<String> names = new ArrayList<>();
        int previous = 0;
        for (JsonNode row : shown.get("rows")) {
            int rank = order.indexOf(row.get("severity").asText());
            assertThat(rank).as(row.toString()).isGreaterThanOrEqualTo(previous);
            previous = rank;
            names.add(row.get("name").asText());
        }
        assertThat(names).isEqualTo(report.bySeverity().stream().map(FeatureDrift::name).toList());
        assertThat(names.get(0)).isEqualTo("age");
        List<String> sections = new ArrayList<>();
        shown.get("sections").forEach(s -> sections.add(s.asText()));
        assertThat(sections).isEqualTo(names);
        double top = -1;
        for (JsonNode sectionTop : shown.get("sectionTops")) {
            assertThat(sectionTop.asDouble()).isGreaterThan(top);
            top = sectionTop.asDouble();
        }
        assertThat(shown.get("charts")).hasSize(names.size())
                .allSatisfy(tallest -> assertThat(tallest.asDouble()).as("a histogram with bars").isGreaterThan(10));
    }

    @Test
    @DisplayName("on a phone-sized window the pages still fit: the charts shrink with the page")
    void narrowWindow() throws IOException, InterruptedException {
        Path[] split = AgeSplit.write(DATA.resolve("credit-g.csv"), Files.createDirectories(temp.resolve("narrow")));
        Path drift = temp.resolve("narrow-drift.html");
        DriftCheck.main(new String[] {split[1].toString(), split[0].toString(), drift.toString()});
        Path validation = temp.resolve("narrow-validation.html");
        TrainAndValidate.main(new String[] {temp.resolve("narrow-store").toString(), DATA.toString(),
            validation.toString()});
        Optional<Path> chromium = HeadlessChromium.executable();
        try (HeadlessChromium phone = HeadlessChromium.start(chromium.orElseThrow(), temp.resolve("phone"), NARROW)) {
            for (Path page : List.of(drift, validation)) {
                phone.open(page);
                Files.write(SCREENSHOTS.resolve(page.getFileName().toString().replace(".html", ".png")),
                        phone.screenshot());
                assertThat(phone.evaluate(WIDER_THAN_WINDOW)).as(page + " at " + NARROW + " pixels").isEmpty();
                assertThat(phone.evaluate("window.innerWidth").asInt()).isEqualTo(NARROW);
                assertThat(phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth").asBoolean())
                        .as(page + " fits " + NARROW + " pixels").isTrue();
            }
            // each check's reason takes most of the width, below its name and verdict, instead of a sliver
            JsonNode reasons = phone.evaluate("[...document.querySelectorAll('#checks td:last-child')].map(td =>"
                    + " [td.getBoundingClientRect().left, td.getBoundingClientRect().right])");
            assertThat(reasons).isNotEmpty().allSatisfy(box -> {
                assertThat(box.get(1).asDouble()).isLessThanOrEqualTo(NARROW);
                assertThat(box.get(1).asDouble() - box.get(0).asDouble()).isGreaterThan(NARROW * 0.8);
            });
        }
    }
}
