package dev.mlops.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.data.CsvTables;
import dev.mlops.data.DataException;
import dev.mlops.data.DataTable;
import dev.mlops.data.FeatureType;
import dev.mlops.stats.Correction;
import dev.mlops.stats.TestResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DriftDetectorTest {

    static double[] gaussians(long seed, int n, double shift) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = shift + Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
        }
        return values;
    }

    @Nested
    @DisplayName("on the credit data split by age")
    class RealData {
        final DataTable table = CsvTables.read(TestTables.data("credit-g.csv"), Set.of());
        final double[] age = table.numeric("age").orElseThrow();
        final DriftReport report = DriftDetector.compare(
            TestTables.rows(table, r -> age[r] >= 30), TestTables.rows(table, r -> age[r] < 30), DriftConfig.defaults());

        @Test
        void theSplitAttributeDriftsCritically() {
            FeatureDrift feature = report.feature("age").orElseThrow();
            assertThat(feature.drifted()).isTrue();
            assertThat(feature.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(feature.test(TestMethod.KS).orElseThrow().statistic()).isEqualTo(1.0);
        }

        @Test
        void everyApplicableTestIsReportedWithNullPValuesForDistances() throws Exception {
            JsonNode json = new ObjectMapper().readTree(report.toJson());
            for (JsonNode feature : json.get("features")) {
                List<String> methods = feature.get("tests").findValuesAsText("method");
                if (feature.get("type").asText().equals("numeric")) {
                    assertThat(methods).containsExactly("ks", "psi", "js", "wasserstein", "missing");
                } else {
                    assertThat(methods).containsExactly("chi2", "psi", "js", "missing");
                }
                for (JsonNode test : feature.get("tests")) {
                    boolean distance = List.of("psi", "js", "wasserstein").contains(test.get("method").asText());
                    assertThat(test.get("pValue").isNull()).isEqualTo(distance);
                }
            }
            assertThat(json.get("driftedShare").asDouble()).isEqualTo(report.driftedShare());
        }

        @Test
        void htmlIsSelfContainedWithOneChartPerFeature() {
            String html = report.toHtml();
            assertThat(html).startsWith("<!DOCTYPE html>").doesNotContain("<script").doesNotContain("http://www.w3.org/1999")
                .doesNotContain("https://");
            assertThat(html.split("<svg ", -1)).hasSize(report.features().size() + 1);
            assertThat(html).contains("personal_status").contains("CRITICAL");
        }

        @Test
        void textNamesEveryFeatureAndTheVerdict() {
            String text = report.toText();
            report.features().forEach(f -> assertThat(text).contains(f.name()));
            assertThat(text).contains("dataset DRIFTED");
        }

        @Test
        @DisplayName("text and HTML list the features worst first; JSON keeps profile order")
        void worstFirst() throws Exception {
            List<FeatureDrift> sorted = report.bySeverity();
            assertThat(sorted).containsExactlyInAnyOrderElementsOf(report.features());
            for (int i = 1; i < sorted.size(); i++) {
                assertThat(sorted.get(i - 1).severity()).isGreaterThanOrEqualTo(sorted.get(i).severity());
            }
            assertThat(sorted.get(0).name()).isEqualTo("age");
            assertThat(sorted.get(sorted.size() - 1).severity()).isEqualTo(Severity.NONE);
            List<String> lines = report.toText().lines().toList();
            for (int i = 0; i < sorted.size(); i++) {
                assertThat(lines.get(i + 2)).startsWith(sorted.get(i).name() + " ");
            }
            String html = report.toHtml();
            int previous = -1;
            for (FeatureDrift f : sorted) {
                int at = html.indexOf("<h2>" + f.name() + " ");
                assertThat(at).as(f.name()).isGreaterThan(previous);
                previous = at;
            }
            JsonNode json = new ObjectMapper().readTree(report.toJson());
            assertThat(json.get("features").findValuesAsText("name"))
                .containsExactlyElementsOf(report.features().stream().map(FeatureDrift::name).toList());
        }

        @Test
        @DisplayName("the reports name the two data sets and the time of the check")
        void namesTheDataSetsAndTheTime() throws Exception {
            java.time.Instant at = java.time.Instant.parse("2026-03-01T08:30:00Z");
            DriftReport named = DriftDetector.of(ReferenceProfile.fit(TestTables.rows(table, r -> age[r] >= 30)))
                .withClock(java.time.InstantSource.fixed(at))
                .check(TestTables.rows(table, r -> age[r] < 30), "credit-g, age 30 and over", "credit-g, under 30");
            assertThat(named.reference()).isEqualTo("credit-g, age 30 and over");
            assertThat(named.current()).isEqualTo("credit-g, under 30");
            assertThat(named.checkedAt()).isEqualTo(at);
            assertThat(named.features()).isEqualTo(report.features());
            JsonNode json = new ObjectMapper().readTree(named.toJson());
            assertThat(json.get("reference").asText()).isEqualTo("credit-g, age 30 and over");
            assertThat(json.get("current").asText()).isEqualTo("credit-g, under 30");
            assertThat(json.get("checkedAt").asText()).isEqualTo("2026-03-01T08:30:00Z");
            assertThat(named.toText()).startsWith("credit-g, under 30 against credit-g, age 30 and over, checked"
                + " 2026-03-01T08:30:00Z\n");
            assertThat(named.toHtml())
                .contains("<title>Drift of credit-g, under 30 against credit-g, age 30 and over</title>")
                .contains("Current data <code>credit-g, under 30</code> (" + named.features().get(0).nCurrent()
                    + " rows) against reference <code>credit-g, age 30 and over</code> ("
                    + named.features().get(0).nReference()
                    + " rows), checked <time datetime=\"2026-03-01T08:30:00Z\">");
            assertThat(report.reference()).isEqualTo("reference");
            assertThat(report.current()).isEqualTo("current");
        }
    }

    @Nested
    @DisplayName("at the edges")
    class Edges {

        final ReferenceProfile profile = ReferenceProfile.fit(DataTable.builder()
            .numeric("x", gaussians(1, 500, 0))
            .categorical("c", Arrays.stream(new String[500]).map(s -> "a").toArray(String[]::new))
            .build());

        @Test
        void anEmptyBatchIsAnInputErrorNotAVerdictOfNoDrift(@TempDir Path dir) throws Exception {
            DataTable empty = DataTable.builder().numeric("x", new double[0]).categorical("c", new String[0]).build();
            assertThatThrownBy(() -> DriftDetector.of(profile).check(empty))
                .isInstanceOf(DataException.class).hasMessageContaining("no rows");
            Path reference = Files.writeString(dir.resolve("ref.csv"), "x\n1\n2\n3\n");
            Path header = Files.writeString(dir.resolve("header-only.csv"), "x\n");
            assertThatThrownBy(() -> DriftDetector.compare(reference, header, Set.of(), List.of(), List.of(), DriftConfig.defaults()))
                .isInstanceOf(DataException.class)
                .hasMessage(header + ": no data rows, only a header: there is nothing to check for drift");
            assertThatThrownBy(() -> DriftDetector.compare(header, reference, Set.of(), List.of(), List.of(), DriftConfig.defaults()))
                .isInstanceOf(DataException.class).hasMessageContaining("header-only.csv: no data rows");
        }

        @Test
        void anAllMissingColumnDriftsThroughItsMissingRateOnly() {
            double[] missing = new double[300];
            Arrays.fill(missing, Double.NaN);
            String[] categories = new String[300];
            Arrays.fill(categories, "a");
            DriftReport report = DriftDetector.of(profile).check(DataTable.builder()
                .numeric("x", missing).categorical("c", categories).build());
            FeatureDrift x = report.feature("x").orElseThrow();
            assertThat(x.tests()).extracting(TestResult::method).containsExactly(TestMethod.MISSING);
            assertThat(x.drifted()).isTrue();
            assertThat(x.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(x.missingCurrent()).isEqualTo(300);
            assertThat(report.feature("c").orElseThrow().drifted()).isFalse();
        }

        @Test
        void constantColumnsGiveDefinedResults() {
            double[] fives = new double[200];
            Arrays.fill(fives, 5.0);
            ReferenceProfile constant = ReferenceProfile.fit(DataTable.builder().numeric("k", fives).build());
            DriftReport same = DriftDetector.of(constant).check(DataTable.builder().numeric("k", fives).build());
            FeatureDrift k = same.feature("k").orElseThrow();
            assertThat(k.test(TestMethod.KS).orElseThrow().statistic()).isZero();
            assertThat(k.test(TestMethod.KS).orElseThrow().pValue().getAsDouble()).isEqualTo(1.0);
            assertThat(k.test(TestMethod.PSI).orElseThrow().statistic()).isZero();
            assertThat(k.drifted()).isFalse();
            double[] sixes = new double[200];
            Arrays.fill(sixes, 6.0);
            FeatureDrift moved = DriftDetector.of(constant, DriftConfig.defaults().withMethod(DriftMethod.WASSERSTEIN))
                .check(DataTable.builder().numeric("k", sixes).build()).feature("k").orElseThrow();
            assertThat(moved.test(TestMethod.WASSERSTEIN).orElseThrow().statistic()).isEqualTo(1.0);
            assertThat(moved.effectSize()).as("unbounded against a zero spread").isEmpty();
            assertThat(moved.severity()).isEqualTo(Severity.CRITICAL);
        }

        @Test
        void unseenAndVanishedCategoriesAreBinsOfTheirOwn() {
            ReferenceProfile reference = ReferenceProfile.fit(DataTable.builder()
                .categorical("c", new String[] {"a", "a", "b", "b", "gone", "gone"}).build());
            FeatureDrift c = DriftDetector.of(reference).check(DataTable.builder()
                .categorical("c", new String[] {"a", "b", "new", "new", "new", ""}).build()).feature("c").orElseThrow();
            assertThat(c.test(TestMethod.CHI2).orElseThrow().pValue()).isPresent();
            assertThat(c.histogram().labels()).contains("gone", "new");
            assertThat(c.test(TestMethod.PSI).orElseThrow().statistic()).isPositive().isFinite();
            assertThat(c.missingCurrent()).isEqualTo(1);
        }

        @Test
        void aMissingOrRetypedColumnIsAnInputErrorNamingIt() {
            assertThatThrownBy(() -> DriftDetector.of(profile).check(DataTable.builder().numeric("x", new double[1]).build()))
                .isInstanceOf(DataException.class).hasMessageContaining("'c'");
            assertThatThrownBy(() -> DriftDetector.of(profile).check(DataTable.builder()
                .categorical("x", new String[] {"1"}).categorical("c", new String[] {"a"}).build()))
                .isInstanceOf(DataException.class).hasMessageContaining("'x'").hasMessageContaining("numeric in the reference");
        }
    }

    @Nested
    @DisplayName("the verdict")
    class Verdict {

        @Test
        void theEffectSizeFloorKeepsHugeSamplesFromFlaggingTrivialShifts() {
            ReferenceProfile profile = ReferenceProfile.fit(DataTable.builder().numeric("x", gaussians(1, 200_000, 0)).build());
            FeatureDrift x = DriftDetector.of(profile).check(DataTable.builder().numeric("x", gaussians(2, 200_000, 0.05)).build())
                .feature("x").orElseThrow();
            assertThat(x.adjustedPValue().getAsDouble()).isLessThan(1e-10);
            assertThat(x.effectSize().getAsDouble()).isLessThan(0.1);
            assertThat(x.drifted()).isFalse();
            assertThat(x.severity()).isEqualTo(Severity.NONE);
        }

        @Test
        void correctionsAdjustTheFamilyOfPValues() {
            DataTable.Builder reference = DataTable.builder();
            DataTable.Builder current = DataTable.builder();
            for (int f = 0; f < 10; f++) {
                reference.numeric("f" + f, gaussians(f, 300, 0));
                current.numeric("f" + f, gaussians(100 + f, 300, f < 3 ? 0.4 : 0));
            }
            ReferenceProfile profile = ReferenceProfile.fit(reference.build());
            DataTable now = current.build();
            DriftReport none = DriftDetector.of(profile, DriftConfig.defaults().withCorrection(Correction.NONE)).check(now);
            DriftReport bh = DriftDetector.of(profile).check(now);
            DriftReport bonferroni = DriftDetector.of(profile, DriftConfig.defaults().withCorrection(Correction.BONFERRONI)).check(now);
            for (int f = 0; f < 10; f++) {
                double raw = none.features().get(f).adjustedPValue().getAsDouble();
                double adjustedBh = bh.features().get(f).adjustedPValue().getAsDouble();
                double adjustedBonferroni = bonferroni.features().get(f).adjustedPValue().getAsDouble();
                assertThat(raw).isEqualTo(none.features().get(f).test(TestMethod.KS).orElseThrow().pValue().getAsDouble());
                assertThat(adjustedBh).isGreaterThanOrEqualTo(raw).isLessThanOrEqualTo(adjustedBonferroni);
                // 20 hypotheses: KS and missing rate of each feature
                assertThat(adjustedBonferroni).isEqualTo(Math.min(1.0, 20 * raw));
            }
            assertThat(bh.driftedFeatures()).extracting(FeatureDrift::name).contains("f0", "f1", "f2");
            assertThat(bh.driftedShare()).isEqualTo(bh.driftedFeatures().size() / 10.0);
        }

        @Test
        void psiMethodUsesTheFolkloreBandsAndNoPValue() {
            ReferenceProfile profile = ReferenceProfile.fit(DataTable.builder().numeric("x", gaussians(1, 5_000, 0)).build());
            DriftReport report = DriftDetector.of(profile, DriftConfig.defaults().withMethod(DriftMethod.PSI))
                .check(DataTable.builder().numeric("x", gaussians(2, 5_000, 1.0)).build());
            FeatureDrift x = report.feature("x").orElseThrow();
            double psi = x.test(TestMethod.PSI).orElseThrow().statistic();
            assertThat(x.decisiveTest()).isEqualTo(TestMethod.PSI);
            assertThat(x.adjustedPValue()).isEmpty();
            assertThat(x.severity()).isEqualTo(SeverityScale.psiFolklore().severityOf(psi));
            assertThat(x.drifted()).isTrue();
        }

        @Test
        void theConfiguredScalesGradeTheEffectsPsiOnItsOwnScale() {
            ReferenceProfile profile = ReferenceProfile.fit(
                DataTable.builder().numeric("x", gaussians(1, 5_000, 0)).build());
            DataTable shifted = DataTable.builder().numeric("x", gaussians(2, 5_000, 1.0)).build();
            SeverityScale strict = new SeverityScale(0.01, 0.02, 0.03, 0.04);
            SeverityScale lenient = new SeverityScale(50, 60, 70, 80);
            DriftConfig config = DriftConfig.defaults().withScale(strict).withPsiScale(lenient);
            assertThat(config.scale()).isEqualTo(strict);
            assertThat(config.psiScale()).isEqualTo(lenient);
            assertThat(config.scaleFor(TestMethod.KS)).isEqualTo(strict);
            assertThat(config.scaleFor(TestMethod.PSI)).isEqualTo(lenient);
            FeatureDrift ks = DriftDetector.of(profile, config).check(shifted).feature("x").orElseThrow();
            assertThat(ks.effectSize().getAsDouble()).isBetween(0.3, 0.5);
            assertThat(ks.severity()).isEqualTo(Severity.CRITICAL);
            FeatureDrift psi = DriftDetector.of(profile, config.withMethod(DriftMethod.PSI)).check(shifted)
                .feature("x").orElseThrow();
            assertThat(psi.effectSize().getAsDouble()).isPositive().isLessThan(50);
            assertThat(psi.severity()).isEqualTo(Severity.NONE);
            assertThat(psi.drifted()).isFalse();
        }

        @Test
        void minDriftedShareDecidesForTheDataset() {
            DataTable.Builder reference = DataTable.builder();
            DataTable.Builder current = DataTable.builder();
            for (int f = 0; f < 4; f++) {
                reference.numeric("f" + f, gaussians(f, 1_000, 0));
                current.numeric("f" + f, gaussians(10 + f, 1_000, f == 0 ? 1.0 : 0));
            }
            ReferenceProfile profile = ReferenceProfile.fit(reference.build());
            assertThat(DriftDetector.of(profile).check(current.build()).drifted()).isTrue();
            DriftReport strict = DriftDetector.of(profile, DriftConfig.defaults().withMinDriftedShare(0.5)).check(current.build());
            assertThat(strict.driftedShare()).isEqualTo(0.25);
            assertThat(strict.drifted()).isFalse();
        }
    }

    @Test
    void comparesTwoCsvFilesWithTheContractsTypingAndColumnSelection(@org.junit.jupiter.api.io.TempDir Path dir)
        throws Exception {
        Path reference = Files.writeString(dir.resolve("ref.csv"),
            "id,x,colour\n1,1.5,red\n2,2.5,blue\n3,,red\n4,3.5,green\n");
        Path current = Files.writeString(dir.resolve("cur.csv"),
            "colour,x,id\nred,10,5\nred,11,6\npurple,,7\n");
        DriftReport report = DriftDetector.compare(reference, current, Set.of("id"), List.of("x", "colour", "id"),
            List.of(), DriftConfig.defaults());
        assertThat(report.features()).extracting(FeatureDrift::name).containsExactly("x", "colour", "id");
        assertThat(report.feature("id").orElseThrow().type()).isEqualTo(FeatureType.CATEGORICAL);
        FeatureDrift x = report.feature("x").orElseThrow();
        assertThat(x.nReference()).isEqualTo(4);
        assertThat(x.missingReference()).isEqualTo(1);
        assertThat(x.missingCurrent()).isEqualTo(1);
        assertThat(x.test(TestMethod.KS).orElseThrow().statistic()).isEqualTo(1.0);
        assertThat(report.reference()).isEqualTo(reference.toString());
        assertThat(report.current()).isEqualTo(current.toString());
        assertThatThrownBy(() -> DriftDetector.compare(reference, current, Set.of(), List.of("nope"), List.of(),
            DriftConfig.defaults()))
            .isInstanceOf(DataException.class).hasMessageContaining("ref.csv").hasMessageContaining("'nope'");
        Path narrow = Files.writeString(dir.resolve("narrow.csv"), "x\n1\n");
        assertThatThrownBy(() -> DriftDetector.compare(reference, narrow, Set.of(), List.of(), List.of(),
            DriftConfig.defaults()))
            .isInstanceOf(DataException.class).hasMessageContaining("narrow.csv").hasMessageContaining("'id'");
    }

    @Test
    @DisplayName("excluded columns are left out; an exclusion naming nothing, colliding or leaving nothing is refused")
    void excludesColumns(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path reference = java.nio.file.Files.writeString(dir.resolve("train.csv"),
            "x,colour,label\n1.5,red,yes\n2.5,blue,no\n3.5,green,no\n");
        java.nio.file.Path production = java.nio.file.Files.writeString(dir.resolve("today.csv"),
            "colour,x\nred,10\nred,11\n");
        DriftReport report = DriftDetector.compare(reference, production, Set.of(), List.of(), List.of("label"),
            DriftConfig.defaults());
        assertThat(report.features()).extracting(FeatureDrift::name).containsExactly("x", "colour");
        assertThat(DriftDetector.compare(reference, production, Set.of(), List.of("colour", "x"), List.of("label"),
            DriftConfig.defaults()).features()).extracting(FeatureDrift::name).containsExactly("colour", "x");
        assertThatThrownBy(() -> DriftDetector.compare(reference, production, Set.of(), List.of(), List.of("lable"),
            DriftConfig.defaults())).isInstanceOf(DataException.class).hasMessageContaining("'lable'")
            .hasMessageContaining("excluded column is not in the header");
        assertThatThrownBy(() -> DriftDetector.compare(reference, production, Set.of(), List.of("x"), List.of("x"),
            DriftConfig.defaults())).isInstanceOf(DataException.class)
            .hasMessageContaining("both selected and excluded");
        assertThatThrownBy(() -> DriftDetector.compare(reference, production, Set.of(), List.of(),
            List.of("x", "colour", "label"), DriftConfig.defaults())).isInstanceOf(DataException.class)
            .hasMessageContaining("no column left to check");
        assertThatThrownBy(() -> DriftDetector.compare(reference, production, Set.of(), List.of(), List.of(),
            DriftConfig.defaults())).isInstanceOf(DataException.class).hasMessageContaining("today.csv")
            .hasMessageContaining("'label'").hasMessageContaining("leave the column out");
    }

    @Test
    void configRejectsBadValuesWithTheValueInTheMessage() {
        assertThatThrownBy(() -> DriftConfig.defaults().withAlpha(1.5)).hasMessageContaining("1.5");
        assertThatThrownBy(() -> new SeverityScale(0.3, 0.2, 0.4, 0.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DriftMethod.parse("t-test")).hasMessageContaining("t-test");
        assertThat(DriftMethod.parse("Wasserstein")).isEqualTo(DriftMethod.WASSERSTEIN);
        assertThat(Correction.parse("bh")).isEqualTo(Correction.BENJAMINI_HOCHBERG);
    }
}
