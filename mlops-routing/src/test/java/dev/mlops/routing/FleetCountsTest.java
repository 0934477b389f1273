package dev.mlops.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.mlops.stats.Sample;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Counts merged from many parts judge an experiment as the union of the parts' events does. */
class FleetCountsTest {

    @TempDir
    Path dir;

    static final Experiment EXPERIMENT = Experiment.builder("pricing", "s1")
        .variant("control", "churn:1", 1).variant("cheaper", "churn:2", 1).variant("bundle", "churn:3", 1)
        .canary(null).build();

    /** Rows of one part: units numbered from {@code first}, each in one variant, several rows per unit. */
    private static List<String> rows(Random random, int first, int units) {
        List<String> rows = new ArrayList<>();
        String[] variants = {"control", "cheaper", "bundle"};
        for (int u = first; u < first + units; u++) {
            String variant = variants[random.nextInt(3)];
            double shift = variant.equals("cheaper") ? 0.8 : 0;
            for (int purchase = random.nextInt(3); purchase >= 0; purchase--) {
                rows.add("u" + u + "," + variant + ",revenue," + (20 + shift + random.nextGaussian() * 7));
            }
            rows.add("u" + u + "," + variant + ",converted," + (random.nextDouble() < 0.2 + shift / 10 ? 1 : 0));
            rows.add("u" + u + "," + variant + ",error," + (random.nextDouble() < 0.01 ? 1 : 0));
            rows.add("u" + u + "," + variant + ",latency_ms," + (3 + random.nextDouble() * 40));
        }
        return rows;
    }

    private Path write(String name, List<String> rows) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("unit,variant,metric,value");
        lines.addAll(rows);
        return Files.write(dir.resolve(name), lines);
    }

    @Test
    void mergedCountsJudgeAsTheUnionOfTheEvents() throws IOException {
        Random random = new Random(14);
        List<String> all = new ArrayList<>();
        List<FleetCounts> parts = new ArrayList<>();
        int first = 0;
        for (int part = 0; part < 12; part++) {
            int units = 50 + random.nextInt(400);
            List<String> rows = rows(random, first, units);
            first += units;
            all.addAll(rows);
            // each part through its JSON form, as the store keeps it
            parts.add(FleetCounts.parse(EventFiles.counts(write("part-" + part + ".csv", rows), EXPERIMENT).toJson()));
        }
        Observations union = EventFiles.read(write("union.csv", all), EXPERIMENT);
        Observations merged = FleetCounts.merge(parts).observations(EXPERIMENT);

        assertThat(merged.units()).isEqualTo(union.units());
        assertThat(merged.unitsInSeveralVariants()).isEqualTo(union.unitsInSeveralVariants());
        assertThat(merged.metrics()).extracting(Observations.MetricData::name)
            .containsExactlyElementsOf(union.metrics().stream().map(Observations.MetricData::name).toList());
        for (int m = 0; m < union.metrics().size(); m++) {
            assertThat(merged.metrics().get(m).conversion()).isEqualTo(union.metrics().get(m).conversion());
            for (int v = 0; v < 3; v++) {
                Sample expected = union.metrics().get(m).samples().get(v);
                Sample actual = merged.metrics().get(m).samples().get(v);
                assertThat(actual.count()).isEqualTo(expected.count());
                assertThat(actual.mean()).isCloseTo(expected.mean(), within(1e-12 * Math.max(1, Math.abs(expected.mean()))));
                assertThat(actual.variance()).isCloseTo(expected.variance(), within(1e-12 * Math.max(1, expected.variance())));
            }
        }
        for (int v = 0; v < 3; v++) {
            Observations.Health expected = union.health().get(v);
            Observations.Health actual = merged.health().get(v);
            assertThat(actual.requests()).isEqualTo(expected.requests());
            assertThat(actual.errorRate().getAsDouble()).isEqualTo(expected.errorRate().getAsDouble());
            // the histogram's 2 significant digits: within 1 %
            assertThat(actual.latencyP99Millis().getAsDouble())
                .isCloseTo(expected.latencyP99Millis().getAsDouble(), within(0.01 * expected.latencyP99Millis().getAsDouble()));
        }

        Analysis expected = new Analyzer().analyze(EXPERIMENT.withAnalysis(AnalysisSettings.defaults()), union);
        Analysis actual = new Analyzer().analyze(EXPERIMENT.withAnalysis(AnalysisSettings.defaults()), merged);
        assertThat(actual.decision()).isEqualTo(expected.decision());
        assertThat(actual.sampleRatio().orElseThrow().pValue())
            .isCloseTo(expected.sampleRatio().orElseThrow().pValue(), within(1e-12));
        assertThat(actual.tests()).hasSameSizeAs(expected.tests());
        for (int i = 0; i < expected.tests().size(); i++) {
            double p = expected.tests().get(i).adjustedPValue();
            assertThat(actual.tests().get(i).adjustedPValue()).isCloseTo(p, within(1e-12));
            assertThat(actual.tests().get(i).effect()).isCloseTo(expected.tests().get(i).effect(), within(1e-12));
        }
    }

    @Test
    void countsSurviveTheirJsonExactly() throws IOException {
        FleetCounts counts = EventFiles.counts(write("one.csv", rows(new Random(3), 0, 300)), EXPERIMENT);
        FleetCounts back = FleetCounts.parse(counts.toJson());
        assertThat(back.metrics()).isEqualTo(counts.metrics());
        for (String v : List.of("control", "cheaper", "bundle")) {
            FleetCounts.VariantCounts a = counts.variants().get(v);
            FleetCounts.VariantCounts b = back.variants().get(v);
            assertThat(b.metrics()).isEqualTo(a.metrics());
            assertThat(b.latency()).isEqualTo(a.latency());
            assertThat(b.units()).isEqualTo(a.units());
        }
    }

    @Test
    void mergingIsOrderFreeInCountsAndAddsNothingTwice() throws IOException {
        FleetCounts a = EventFiles.counts(write("a.csv", rows(new Random(1), 0, 200)), EXPERIMENT);
        FleetCounts b = EventFiles.counts(write("b.csv", rows(new Random(2), 200, 200)), EXPERIMENT);
        FleetCounts ab = FleetCounts.merge(List.of(a, b));
        FleetCounts ba = FleetCounts.merge(List.of(b, a));
        for (String v : List.of("control", "cheaper", "bundle")) {
            assertThat(ab.variants().get(v).units()).isEqualTo(a.variants().get(v).units() + b.variants().get(v).units());
            assertThat(ab.variants().get(v).units()).isEqualTo(ba.variants().get(v).units());
            assertThat(ab.variants().get(v).latency().getTotalCount())
                .isEqualTo(a.variants().get(v).latency().getTotalCount() + b.variants().get(v).latency().getTotalCount());
            assertThat(ab.variants().get(v).metrics().get("revenue").mean())
                .isCloseTo(ba.variants().get(v).metrics().get("revenue").mean(), within(1e-12));
        }
    }
}
