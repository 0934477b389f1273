package dev.mlops.routing;

import dev.mlops.routing.internal.RoutingJson;
import dev.mlops.stats.ComparisonMethod;
import dev.mlops.stats.Sample;
import dev.mlops.stats.TestResult;
import java.util.List;
import java.util.Optional;

/**
 * An experiment's results at one look and the decision they support, as {@link Analyzer} judged
 * them. {@link #toJson} is the document {@code mlops route analyze} prints.
 *
 * @param experiment             the experiment's id
 * @param metric                 the deciding metric
 * @param conversion             whether it is a conversion metric
 * @param control                the control variant
 * @param alpha                  the significance level
 * @param decidingTest           the test that decides: the mSPRT, or the fixed-horizon z or Welch t
 * @param variants               per-variant counts and the deciding metric's sample
 * @param sampleRatio            the sample-ratio check (absent for bandits)
 * @param tests                  every comparison on the deciding metric
 * @param secondaryMetrics       the other metrics' samples and comparisons (no decision)
 * @param requiredUnits          units per variant needed before a verdict
 * @param guardrails             the canary's guardrail checks
 * @param unitsInSeveralVariants units seen in more than one variant
 * @param decision               what to do now
 */
public record Analysis(String experiment, String metric, boolean conversion, String control, double alpha,
                       ComparisonMethod decidingTest, List<VariantResult> variants, Optional<SampleRatioCheck> sampleRatio,
                       List<Comparison> tests, List<MetricResult> secondaryMetrics, long requiredUnits,
                       List<GuardrailCheck> guardrails, long unitsInSeveralVariants, Decision decision) {

    /** Copies the lists. */
    public Analysis {
        variants = List.copyOf(variants);
        tests = List.copyOf(tests);
        secondaryMetrics = List.copyOf(secondaryMetrics);
        guardrails = List.copyOf(guardrails);
    }

    /**
     * One variant's counts and its sample of the deciding metric.
     *
     * @param name          the variant
     * @param units         distinct units seen
     * @param expectedShare its share in the experiment's configuration
     * @param observedShare its share of all units seen (0 when none were)
     * @param sample        the deciding metric's per-unit sample
     */
    public record VariantResult(String name, long units, double expectedShare, double observedShare, Sample sample) {
    }

    /**
     * One treatment against the control by one test.
     *
     * @param variant        the treatment
     * @param control        the control
     * @param result         the test's result, with the effect (treatment minus control) and its
     *                       interval
     * @param adjustedPValue the p-value after Holm's adjustment (the p-value itself for one
     *                       treatment), NaN where the test is undefined
     * @param relativeEffect effect divided by the control's mean (NaN when that is 0)
     * @param significant    adjusted p-value below alpha
     * @param deciding       whether this test decides
     */
    public record Comparison(String variant, String control, TestResult result, double adjustedPValue,
                             double relativeEffect, boolean significant, boolean deciding) {

        /** @throws IllegalArgumentException if the result has no effect */
        public Comparison {
            if (result.effect().isEmpty()) {
                throw new IllegalArgumentException("the comparison of '" + variant + "' with '" + control + "' needs an effect");
            }
        }

        /** The effect, treatment minus control, in the metric's units. */
        public double effect() {
            return result.effect().orElseThrow().estimate();
        }
    }

    /**
     * A metric that does not decide, shown for context.
     *
     * @param metric     the metric
     * @param conversion whether it is a conversion metric
     * @param samples    per-variant samples, in variant order
     * @param tests      its comparisons
     */
    public record MetricResult(String metric, boolean conversion, List<Sample> samples, List<Comparison> tests) {

        /** Copies the lists. */
        public MetricResult {
            samples = List.copyOf(samples);
            tests = List.copyOf(tests);
        }
    }

    /**
     * One canary guardrail.
     *
     * @param variant  the canary
     * @param check    {@code errorRate} or {@code latencyP99Ms}
     * @param value    what was observed
     * @param limit    the most tolerated
     * @param requests the canary's requests so far
     * @param breached value above limit with at least the minimum number of requests
     */
    public record GuardrailCheck(String variant, String check, double value, double limit, long requests, boolean breached) {
    }

    /**
     * The analysis as the JSON document of {@code mlops route analyze}: {@code experiment},
     * {@code metric}, {@code metricType} ({@code conversion|continuous}), {@code control},
     * {@code alpha}, {@code decidingTest}, {@code variants} (name, count, metricCount,
     * expectedShare, observedShare, mean, stdDev, and conversions for conversion metrics),
     * {@code srmPValue} and {@code srm} (statistic, pValue, degreesOfFreedom, unexpectedUnits,
     * mismatch; both null for bandits), {@code tests} (variant, control, method, statistic, pValue, adjustedPValue,
     * effect, relativeEffect, ciLow, ciHigh, significant, deciding), {@code requiredUnits},
     * {@code guardrails}, {@code secondaryMetrics}, {@code unitsInSeveralVariants},
     * {@code decision} ({@code continue|winner:NAME|rollback}) and {@code reason}. Undefined
     * numbers (NaN) are written as null.
     */
    public String toJson() {
        return RoutingJson.analysis(this);
    }
}
