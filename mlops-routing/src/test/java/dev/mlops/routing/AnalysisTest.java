package dev.mlops.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.stats.Agreement;
import dev.mlops.stats.ComparisonMethod;
import dev.mlops.stats.Correction;
import dev.mlops.stats.Sample;
import java.io.StringReader;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class AnalysisTest {

    static Experiment twoArms(AnalysisSettings settings) {
        return Experiment.builder("ab", "ab-salt").variant("control", "m:1", 1).variant("treatment", "m:2", 1)
            .analysis(settings).build();
    }

    /** A conversion events file: n units per arm with exactly k conversions each. */
    static String conversions(int nControl, int kControl, int nTreatment, int kTreatment) {
        StringBuilder csv = new StringBuilder("unit,variant,converted\n");
        for (int i = 0; i < nControl; i++) {
            csv.append("c").append(i).append(",control,").append(i < kControl ? 1 : 0).append('\n');
        }
        for (int i = 0; i < nTreatment; i++) {
            csv.append("t").append(i).append(",treatment,").append(i < kTreatment ? "true" : "false").append('\n');
        }
        return csv.toString();
    }

    static Analysis analyze(Experiment experiment, String csv) {
        return new Analyzer().analyze(experiment, EventFiles.read(new StringReader(csv), "events.csv", experiment));
    }

    @Nested
    @DisplayName("on the committed three-arm fixture")
    class Fixture {

        final JsonNode expected = Fixtures.REFERENCE.get("events");
        final Experiment experiment = Experiment.builder("checkout", "checkout").variant("control", "m:1", 1)
            .variant("fast", "m:2", 1).variant("slow", "m:3", 1).build();

        Analysis analysis() throws URISyntaxException {
            Path file = Path.of(AnalysisTest.class.getResource("/routing/" + expected.get("file").asText()).toURI());
            return new Analyzer().analyze(experiment, EventFiles.read(file, experiment));
        }

        @Test
        @DisplayName("counts, conversions, means, SRM, z and mSPRT with Holm agree with the Python recomputation")
        void agreesWithRecomputation() throws URISyntaxException {
            Analysis a = analysis();
            for (int i = 0; i < 3; i++) {
                Analysis.VariantResult v = a.variants().get(i);
                assertThat(v.units()).isEqualTo(expected.get("counts").get(i).asLong());
                assertThat(v.sample().successes()).isEqualTo(expected.get("conversions").get(i).asLong());
                Agreement.agrees("mean", v.sample().mean(), expected.get("means").get(i));
            }
            Agreement.agrees("srm statistic", a.sampleRatio().orElseThrow().statistic(), expected.get("srm").get("statistic"));
            Agreement.agrees("srm p", a.sampleRatio().orElseThrow().pValue(), expected.get("srm").get("pValue"));
            for (JsonNode t : expected.get("tests")) {
                for (String method : new String[] {"z", "msprt"}) {
                    Analysis.Comparison c = a.tests().stream()
                        .filter(x -> x.variant().equals(t.get("variant").asText()) && x.result().method().jsonName().equals(method))
                        .findFirst().orElseThrow();
                    Agreement.agrees(c.result(), t.get(method));
                    Agreement.agrees(method + " adjusted", c.adjustedPValue(), t.get(method).get("adjustedPValue"));
                }
            }
            assertThat(a.metric()).isEqualTo("converted");
            assertThat(a.conversion()).isTrue();
            assertThat(a.decidingTest()).isEqualTo(ComparisonMethod.MSPRT);
        }

        @Test
        @DisplayName("names the faster checkout the winner, as the adjusted always-valid p-value says")
        void decision() throws URISyntaxException {
            JsonNode fast = expected.get("tests").get(0);
            assertThat(fast.get("msprt").get("adjustedPValue").asDouble()).isLessThan(0.05);
            assertThat(fast.get("msprt").get("effect").asDouble()).isPositive();
            Analysis a = analysis();
            assertThat(a.decision().label()).isEqualTo("winner:fast");
            assertThat(a.decision().reason()).contains("'fast' beats 'control'");
        }

        @Test
        @DisplayName("prints the JSON document of mlops route analyze")
        void json() throws Exception {
            JsonNode json = new ObjectMapper().readTree(analysis().toJson());
            assertThat(json.get("experiment").asText()).isEqualTo("checkout");
            assertThat(json.get("decision").asText()).isEqualTo("winner:fast");
            assertThat(json.get("variants")).hasSize(3);
            JsonNode control = json.get("variants").get(0);
            assertThat(control.get("name").asText()).isEqualTo("control");
            assertThat(control.get("count").asLong()).isEqualTo(expected.get("counts").get(0).asLong());
            assertThat(control.get("conversions").asLong()).isEqualTo(expected.get("conversions").get(0).asLong());
            assertThat(control.get("mean").asDouble()).isEqualTo(expected.get("means").get(0).asDouble());
            assertThat(json.get("srmPValue").asDouble()).isEqualTo(json.get("srm").get("pValue").asDouble());
            assertThat(json.get("srm").get("pValue").asDouble()).isEqualTo(expected.get("srm").get("pValue").asDouble(),
                org.assertj.core.data.Offset.offset(1e-12));
            assertThat(json.get("tests")).hasSize(4);
            assertThat(json.get("tests").get(1).get("method").asText()).isEqualTo("msprt");
            assertThat(json.get("tests").get(1).get("deciding").asBoolean()).isTrue();
            assertThat(json.get("reason").asText()).isNotBlank();
        }
    }

    @Nested
    @DisplayName("decides")
    class Decides {

        @Test
        @DisplayName("continue while there is no significant difference")
        void noDifference() {
            Analysis a = analyze(twoArms(AnalysisSettings.defaults()), conversions(1000, 100, 1000, 104));
            assertThat(a.decision().label()).isEqualTo("continue");
            assertThat(a.decision().reason()).contains("no significant difference");
        }

        @Test
        @DisplayName("rollback when the treatment is significantly worse")
        void worse() {
            Analysis a = analyze(twoArms(AnalysisSettings.defaults()), conversions(5000, 750, 5000, 500));
            assertThat(a.decision().label()).isEqualTo("rollback");
            assertThat(a.decision().reason()).contains("'treatment' is worse than 'control'");
        }

        @Test
        @DisplayName("a winner when lower is better and the treatment is lower")
        void lowerIsBetter() {
            Analysis a = analyze(twoArms(AnalysisSettings.defaults().lowerIsBetter()), conversions(5000, 750, 5000, 500));
            assertThat(a.decision().label()).isEqualTo("winner:treatment");
        }

        @Test
        @DisplayName("the fixed-horizon setting decides on the z test instead of the mSPRT, the rest unchanged")
        void fixedHorizon() {
            AnalysisSettings fixed = AnalysisSettings.defaults().fixedHorizon();
            assertThat(fixed).isEqualTo(new AnalysisSettings(java.util.Optional.empty(), 0.05, false,
                AnalysisSettings.DEFAULT_TAU, 100, true, 0.8, java.util.OptionalDouble.empty()));
            Analysis a = analyze(twoArms(fixed), conversions(5000, 500, 5000, 750));
            assertThat(a.decidingTest()).isEqualTo(ComparisonMethod.Z);
            assertThat(a.tests()).filteredOn(Analysis.Comparison::deciding).singleElement()
                .satisfies(c -> assertThat(c.result().method()).isEqualTo(ComparisonMethod.Z));
            assertThat(a.decision().label()).isEqualTo("winner:treatment");
        }

        @Test
        @DisplayName("continue on a sample ratio mismatch, however large the effect")
        void sampleRatioMismatchBlocks() {
            Analysis a = analyze(twoArms(AnalysisSettings.defaults()), conversions(5500, 550, 4500, 900));
            assertThat(a.sampleRatio().orElseThrow().mismatch()).isTrue();
            assertThat(a.sampleRatio().orElseThrow().pValue()).isLessThan(0.001);
            assertThat(a.tests().stream().filter(Analysis.Comparison::deciding).findFirst().orElseThrow().significant()).isTrue();
            assertThat(a.decision().label()).isEqualTo("continue");
            assertThat(a.decision().reason()).contains("sample ratio mismatch");
        }

        @Test
        @DisplayName("continue below the minimum number of units")
        void tooFewUnits() {
            Analysis a = analyze(twoArms(AnalysisSettings.defaults()), conversions(60, 0, 60, 40));
            assertThat(a.decision().label()).isEqualTo("continue");
            assertThat(a.decision().reason()).contains("need 100 units per variant");
        }

        @Test
        @DisplayName("the fixed-horizon test waits for the planned sample size of its minimum effect")
        void plannedSampleSize() {
            AnalysisSettings settings = new AnalysisSettings(java.util.Optional.empty(), 0.05, false, 0.1, 100, true, 0.8,
                java.util.OptionalDouble.of(0.02));
            Analysis a = analyze(twoArms(settings), conversions(2000, 200, 2000, 300));
            assertThat(a.requiredUnits()).isEqualTo(Power.conversionSampleSize(0.1, 0.02, 0.05, 0.8));
            assertThat(a.decidingTest()).isEqualTo(ComparisonMethod.Z);
            assertThat(a.decision().label()).isEqualTo("continue");
        }

        @Test
        @DisplayName("with more than two arms, p-values are Holm-adjusted per test")
        void holm() {
            Experiment e = Experiment.builder("abc", "abc").variant("a", "m:1", 1).variant("b", "m:2", 1).variant("c", "m:3", 1).build();
            StringBuilder csv = new StringBuilder("unit,variant,converted\n");
            for (int i = 0; i < 3000; i++) {
                csv.append("u").append(i).append(',').append("abc".charAt(i % 3)).append(',').append(i % 7 == 0 ? 1 : 0).append('\n');
            }
            Analysis analysis = new Analyzer().analyze(e, EventFiles.read(new StringReader(csv.toString()), "e.csv", e));
            double[] raw = analysis.tests().stream().filter(c -> c.result().method() == ComparisonMethod.Z)
                .mapToDouble(c -> c.result().pValue().orElseThrow()).toArray();
            double[] adjusted = analysis.tests().stream().filter(c -> c.result().method() == ComparisonMethod.Z)
                .mapToDouble(Analysis.Comparison::adjustedPValue).toArray();
            assertThat(raw).hasSize(2);
            assertThat(adjusted).containsExactly(Correction.HOLM.adjust(raw));
        }
    }

    @Nested
    @DisplayName("an analyzer")
    class Looks {

        double msprtPValue(Analysis analysis) {
            return analysis.tests().stream().filter(c -> c.result().method() == ComparisonMethod.MSPRT).findFirst()
                .orElseThrow().result().pValue().orElseThrow();
        }

        @Test
        @DisplayName("reports each mSPRT p-value as the running minimum over its looks; a fresh one starts over")
        void runningMinimum() {
            Experiment e = twoArms(AnalysisSettings.defaults());
            Observations strong = EventFiles.read(new StringReader(conversions(5000, 500, 5000, 650)), "e.csv", e);
            Observations weak = EventFiles.read(new StringReader(conversions(5000, 500, 5000, 540)), "e.csv", e);
            Analyzer watching = new Analyzer();
            double first = msprtPValue(watching.analyze(e, strong));
            double alone = msprtPValue(new Analyzer().analyze(e, weak));
            assertThat(alone).isGreaterThan(first);
            assertThat(msprtPValue(watching.analyze(e, weak))).isEqualTo(first);
            assertThat(msprtPValue(watching.analyze(e.withPhase(1), weak))).as("another configuration").isEqualTo(alone);
        }
    }

    @Nested
    @DisplayName("a canary")
    class CanaryGuardrails {

        final Experiment experiment = Experiment.builder("canary", "canary").variant("stable", "m:1", 1).variant("canary", "m:2", 0)
            .canary(new Canary("canary", 10, java.util.OptionalDouble.of(0.02), java.util.OptionalDouble.of(200), 50)).build();

        String events(double canaryErrorRate, double canaryLatency) {
            SplittableRandom random = new SplittableRandom(5);
            StringBuilder csv = new StringBuilder("unit,variant,metric,value\n");
            for (int i = 0; i < 2000; i++) {
                boolean canary = i % 10 == 0;
                String variant = canary ? "canary" : "stable";
                csv.append('u').append(i).append(',').append(variant).append(",converted,").append(random.nextInt(10) == 0 ? 1 : 0).append('\n');
                boolean failed = random.nextDouble() < (canary ? canaryErrorRate : 0.01);
                csv.append('u').append(i).append(',').append(variant).append(",error,").append(failed ? 1 : 0).append('\n');
                csv.append('u').append(i).append(',').append(variant).append(",latency_ms,")
                    .append(canary ? canaryLatency * random.nextDouble() : 50 * random.nextDouble()).append('\n');
            }
            return csv.toString();
        }

        @Test
        @DisplayName("is rolled back when its error rate breaches the guardrail")
        void errorRate() {
            Analysis a = analyze(experiment, events(0.2, 100));
            assertThat(a.decision().label()).isEqualTo("rollback");
            assertThat(a.decision().reason()).contains("errorRate");
            assertThat(a.guardrails()).anySatisfy(g -> assertThat(g.breached()).isTrue());
            assertThat(a.metric()).isEqualTo("converted");
            assertThat(a.secondaryMetrics()).extracting(Analysis.MetricResult::metric).containsExactly("error", "latency_ms");
        }

        @Test
        @DisplayName("is rolled back when its p99 latency breaches the guardrail")
        void latency() {
            Analysis a = analyze(experiment, events(0.0, 400));
            assertThat(a.decision().label()).isEqualTo("rollback");
            assertThat(a.decision().reason()).contains("latencyP99Ms");
        }

        @Test
        @DisplayName("keeps going while healthy")
        void healthy() {
            Analysis a = analyze(experiment, events(0.01, 100));
            assertThat(a.guardrails()).hasSize(2).allSatisfy(g -> assertThat(g.breached()).isFalse());
            assertThat(a.decision().kind()).isNotEqualTo(Decision.Kind.ROLLBACK);
        }
    }

    @Nested
    @DisplayName("reads events")
    class Events {

        @Test
        @DisplayName("summing a unit's rows of a metric and judging continuous metrics with Welch's t")
        void perUnitSums() {
            Experiment e = twoArms(AnalysisSettings.defaults().withMetric("revenue").withMinimumSamples(2));
            String csv = """
                unit,variant,metric,value
                a,control,revenue,1.5
                a,control,revenue,2.5
                b,control,revenue,3
                c,control,revenue,7
                d,treatment,revenue,10
                e,treatment,revenue,12
                e,treatment,visits,3
                f,treatment,revenue,14
                """;
            Observations o = EventFiles.read(new StringReader(csv), "e.csv", e);
            Sample control = o.metric("revenue").orElseThrow().samples().get(0);
            assertThat(control.count()).isEqualTo(3);
            assertThat(control.mean()).isEqualTo((4.0 + 3 + 7) / 3);
            assertThat(o.metric("revenue").orElseThrow().conversion()).isFalse();
            Analysis a = new Analyzer().analyze(e, o);
            assertThat(a.tests()).extracting(c -> c.result().method()).containsExactly(ComparisonMethod.WELCH_T, ComparisonMethod.MSPRT);
            assertThat(a.variants().get(1).units()).isEqualTo(3);
        }

        @Test
        @DisplayName("counting units that appear in more than one variant")
        void crossovers() {
            Experiment e = twoArms(AnalysisSettings.defaults());
            Observations o = EventFiles.read(new StringReader("unit,variant,converted\nx,control,1\nx,treatment,0\ny,control,0\n"), "e.csv", e);
            assertThat(o.unitsInSeveralVariants()).isEqualTo(1);
            assertThat(o.units()).containsExactly(2L, 1L);
        }

        @Test
        @DisplayName("refusing bad rows with the file, line and column")
        void refusals() {
            Experiment e = twoArms(AnalysisSettings.defaults());
            assertThatThrownBy(() -> EventFiles.read(new StringReader("unit,variant,converted\nu1,control,1\nu2,other,0\n"), "e.csv", e))
                .isInstanceOf(RoutingInputException.class)
                .hasMessage("e.csv: line 3, 'variant': 'other' is not a variant of experiment 'ab' [control, treatment]");
            assertThatThrownBy(() -> EventFiles.read(new StringReader("unit,variant,converted\nu1,control,yes\n"), "e.csv", e))
                .hasMessageContaining("line 2, 'converted': must be 0, 1, true or false");
            assertThatThrownBy(() -> EventFiles.read(new StringReader("unit,variant,metric,value\nu1,control,m,NaN\n"), "e.csv", e))
                .hasMessageContaining("line 2, 'value': must be a finite number");
            assertThatThrownBy(() -> EventFiles.read(new StringReader("unit,group,converted\nu1,control,1\n"), "e.csv", e))
                .hasMessageContaining("'variant': missing column");
            assertThatThrownBy(() -> EventFiles.read(new StringReader("unit,variant,converted\nu1,control\n"), "e.csv", e))
                .hasMessageContaining("line 2: expected 3 cells, found 2");
            assertThatThrownBy(() -> EventFiles.read(new StringReader("unit,variant,converted\n,control,1\n"), "e.csv", e))
                .hasMessageContaining("line 2, 'unit': is empty");
            assertThatThrownBy(() -> EventFiles.read(new StringReader("unit,variant,converted\n\"u1,control,1\n"), "e.csv", e))
                .hasMessageContaining("malformed CSV");
        }

        @Test
        @DisplayName("refusing to judge a metric that was not observed")
        void unknownMetric() {
            Experiment e = twoArms(AnalysisSettings.defaults().withMetric("revenue"));
            Observations o = EventFiles.read(new StringReader(conversions(10, 1, 10, 2)), "e.csv", e);
            assertThatThrownBy(() -> new Analyzer().analyze(e, o)).hasMessageContaining("metric 'revenue' was not observed; metrics are [converted]");
        }
    }
}
