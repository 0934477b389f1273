package dev.mlops.routing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.stats.ComparisonMethod;
import dev.mlops.stats.Correction;
import dev.mlops.stats.Effect;
import dev.mlops.stats.Sample;
import dev.mlops.stats.TestResult;
import dev.mlops.stats.TwoSampleTests;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * An experiment's results and the decision they support. Made by {@link #of}; {@link #toJson}
 * is the document {@code mlops route analyze} prints.
 *
 * <p>Every treatment is compared with the control on the deciding metric by the fixed-horizon test
 * ({@link TwoSampleTests#twoProportion} for conversion metrics, {@link TwoSampleTests#welch} otherwise)
 * and by the always-valid {@link TwoSampleTests#msprt}; with more than one treatment the p-values of
 * each test are Holm-adjusted over the treatments. The decision, in this order:
 * <ol>
 *   <li>a canary guardrail breached (error rate or p99 latency above its limit, after the
 *       canary's minimum number of requests) → {@code rollback}, whatever else holds;</li>
 *   <li>a sample ratio mismatch (chi-square p &lt; 0.001, or units in a variant whose share is
 *       0) → {@code continue}: no verdict is drawn from data that cannot be trusted (bandits,
 *       whose shares move, are not checked);</li>
 *   <li>a compared variant has fewer units than required ({@code minimumSamples}, and for the
 *       fixed-horizon test also the sample size that detects {@code minimumEffect} with
 *       {@code power}) → {@code continue};</li>
 *   <li>treatments better than the control on the deciding test (adjusted p &lt; α, effect in the
 *       good direction) → {@code winner:NAME}, the one with the largest effect;</li>
 *   <li>otherwise a treatment worse than the control → {@code rollback};</li>
 *   <li>otherwise {@code continue}.</li>
 * </ol>
 *
 * @param experiment             the experiment's id
 * @param metric                 the deciding metric
 * @param conversion             whether it is a conversion metric
 * @param control                the control variant
 * @param alpha                  the significance level
 * @param decidingTest           {@code msprt}, {@code z} or {@code welch-t}
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
                       String decidingTest, List<VariantResult> variants, Optional<SampleRatioCheck> sampleRatio,
                       List<Comparison> tests, List<MetricResult> secondaryMetrics, long requiredUnits,
                       List<GuardrailCheck> guardrails, long unitsInSeveralVariants, Decision decision) {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

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
     * @param result         the test's result
     * @param adjustedPValue the p-value after Holm's adjustment (the p-value itself for one treatment)
     * @param relativeEffect effect divided by the control's mean (NaN when that is 0)
     * @param significant    adjusted p-value below alpha
     * @param deciding       whether this test decides
     */
    public record Comparison(String variant, String control, TestResult result, double adjustedPValue,
                             double relativeEffect, boolean significant, boolean deciding) {
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
     * Judges observations under an experiment's settings (see the class comment).
     *
     * @throws IllegalArgumentException if the observations are for other variants, have no
     *                                  metric, or lack the metric the settings name
     */
    public static Analysis of(Experiment experiment, Observations observations) {
        return of(experiment, observations, new HashMap<>());
    }

    /**
     * As {@link #of(Experiment, Observations)}, with each mSPRT p-value replaced by its running
     * minimum over the looks recorded in {@code runningMinimum} (keyed by metric, variant and
     * configuration), which stays always-valid and can only tighten.
     */
    static Analysis of(Experiment experiment, Observations observations, Map<String, Double> runningMinimum) {
        List<String> names = experiment.variants().stream().map(Variant::name).toList();
        if (!observations.variants().equals(names)) {
            throw new IllegalArgumentException("observations are for variants " + observations.variants()
                + ", the experiment has " + names);
        }
        if (observations.metrics().isEmpty()) {
            throw new IllegalArgumentException("no metric observed yet");
        }
        AnalysisSettings settings = experiment.analysis();
        Observations.MetricData primary = settings.metric()
            .map(name -> observations.metric(name).orElseThrow(() -> new IllegalArgumentException(
                "metric '" + name + "' was not observed; metrics are "
                    + observations.metrics().stream().map(Observations.MetricData::name).toList())))
            .orElse(observations.metrics().get(0));
        int control = experiment.indexOf(experiment.control());
        double[] shares = experiment.shares();
        long[] units = observations.units().stream().mapToLong(Long::longValue).toArray();
        long totalUnits = 0;
        for (long u : units) {
            totalUnits += u;
        }
        List<VariantResult> variants = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            variants.add(new VariantResult(names.get(i), units[i], shares[i],
                totalUnits == 0 ? 0 : (double) units[i] / totalUnits, primary.samples().get(i)));
        }
        Optional<SampleRatioCheck> srm = experiment.bandit().isPresent()
            ? Optional.empty() : Optional.of(Statistics.sampleRatio(units, shares));

        String configuration = experiment.id() + "/" + experiment.salt() + "/" + experiment.phase();
        List<Comparison> tests = compare(experiment, primary, control, shares, runningMinimum, configuration, true);
        List<MetricResult> secondary = new ArrayList<>();
        for (Observations.MetricData metric : observations.metrics()) {
            if (metric != primary) {
                secondary.add(new MetricResult(metric.name(), metric.conversion(), metric.samples(),
                    compare(experiment, metric, control, shares, runningMinimum, configuration, false)));
            }
        }
        long required = requiredUnits(settings, primary, control);
        List<GuardrailCheck> guardrails = guardrails(experiment, observations);
        String deciding = (settings.sequential() ? ComparisonMethod.MSPRT
            : primary.conversion() ? ComparisonMethod.Z : ComparisonMethod.WELCH_T).jsonName();
        Decision decision = decide(experiment, primary, control, variants, srm, tests, required, guardrails);
        return new Analysis(experiment.id(), primary.name(), primary.conversion(), experiment.control(), settings.alpha(),
            deciding, variants, srm, tests, secondary, required, guardrails, observations.unitsInSeveralVariants(), decision);
    }

    private static List<Comparison> compare(Experiment experiment, Observations.MetricData metric, int control,
                                            double[] shares, Map<String, Double> runningMinimum, String configuration,
                                            boolean decidingMetric) {
        AnalysisSettings settings = experiment.analysis();
        Sample c = metric.samples().get(control);
        List<Integer> treatments = new ArrayList<>();
        for (int i = 0; i < shares.length; i++) {
            Sample t = metric.samples().get(i);
            if (i != control && c.count() >= 2 && t.count() >= 2) {
                treatments.add(i);
            }
        }
        int m = treatments.size();
        TestResult[] fixed = new TestResult[m];
        TestResult[] sequential = new TestResult[m];
        double[] fixedP = new double[m];
        double[] sequentialP = new double[m];
        for (int j = 0; j < m; j++) {
            Sample t = metric.samples().get(treatments.get(j));
            fixed[j] = metric.conversion()
                ? TwoSampleTests.twoProportion(c.successes(), c.count(), t.successes(), t.count(), settings.alpha())
                : TwoSampleTests.welch(c, t, settings.alpha());
            sequential[j] = TwoSampleTests.msprt(c, t, metric.conversion(), settings.tau(), settings.alpha());
            if (sequential[j].pValue().isPresent()) {
                String key = configuration + "/" + metric.name() + "/" + experiment.variants().get(treatments.get(j)).name();
                sequential[j] = sequential[j].withPValue(runningMinimum.merge(key, sequential[j].pValue().getAsDouble(), Math::min));
            }
            fixedP[j] = fixed[j].pValue().orElse(Double.NaN);
            sequentialP[j] = sequential[j].pValue().orElse(Double.NaN);
        }
        double[] fixedAdjusted = Correction.HOLM.adjust(fixedP);
        double[] sequentialAdjusted = Correction.HOLM.adjust(sequentialP);
        List<Comparison> comparisons = new ArrayList<>();
        for (int j = 0; j < m; j++) {
            String variant = experiment.variants().get(treatments.get(j)).name();
            double relative = c.mean() == 0 ? Double.NaN : effect(fixed[j]) / c.mean();
            comparisons.add(new Comparison(variant, experiment.control(), fixed[j], fixedAdjusted[j], relative,
                fixedAdjusted[j] < settings.alpha(), decidingMetric && !settings.sequential()));
            comparisons.add(new Comparison(variant, experiment.control(), sequential[j], sequentialAdjusted[j], relative,
                sequentialAdjusted[j] < settings.alpha(), decidingMetric && settings.sequential()));
        }
        return comparisons;
    }

    private static long requiredUnits(AnalysisSettings settings, Observations.MetricData primary, int control) {
        long required = settings.minimumSamples();
        if (!settings.sequential() && settings.minimumEffect().isPresent()) {
            Sample c = primary.samples().get(control);
            double effect = settings.minimumEffect().getAsDouble();
            long planned;
            if (primary.conversion() && c.mean() > 0 && c.mean() < 1 && c.mean() + effect < 1) {
                planned = Power.conversionSampleSize(c.mean(), effect, settings.alpha(), settings.power());
            } else {
                double sd = c.standardDeviation();
                planned = sd > 0 ? Power.sampleSize(sd, sd, effect, settings.alpha(), settings.power()) : required;
            }
            required = Math.max(required, planned);
        }
        return required;
    }

    private static List<GuardrailCheck> guardrails(Experiment experiment, Observations observations) {
        List<GuardrailCheck> checks = new ArrayList<>();
        if (experiment.canary().isEmpty()) {
            return checks;
        }
        Canary canary = experiment.canary().get();
        Observations.Health health = observations.health().get(experiment.indexOf(canary.variant()));
        boolean enough = health.requests() >= canary.minRequests();
        check(checks, canary, "errorRate", health.errorRate(), canary.maxErrorRate(), health.requests(), enough);
        check(checks, canary, "latencyP99Ms", health.latencyP99Millis(), canary.maxLatencyP99Millis(), health.requests(), enough);
        return checks;
    }

    private static void check(List<GuardrailCheck> checks, Canary canary, String name, OptionalDouble value,
                              OptionalDouble limit, long requests, boolean enough) {
        if (value.isPresent() && limit.isPresent()) {
            boolean breached = enough && value.getAsDouble() > limit.getAsDouble();
            checks.add(new GuardrailCheck(canary.variant(), name, value.getAsDouble(), limit.getAsDouble(), requests, breached));
        }
    }

    private static Decision decide(Experiment experiment, Observations.MetricData primary, int control,
                                   List<VariantResult> variants, Optional<SampleRatioCheck> srm,
                                   List<Comparison> tests, long required, List<GuardrailCheck> guardrails) {
        for (GuardrailCheck g : guardrails) {
            if (g.breached()) {
                return Decision.rollback(String.format(Locale.ROOT, "canary '%s' breached its %s guardrail: %s > %s after %d requests",
                    g.variant(), g.check(), number(g.value()), number(g.limit()), g.requests()));
            }
        }
        if (srm.isPresent() && srm.get().mismatch()) {
            SampleRatioCheck s = srm.get();
            return Decision.keepGoing(s.unexpectedUnits() > 0
                ? "sample ratio mismatch: " + s.unexpectedUnits() + " units in variants whose share is 0; fix assignment or logging before reading results"
                : String.format(Locale.ROOT, "sample ratio mismatch (chi-square p = %.3g < %s); fix assignment or logging before reading results",
                    s.pValue(), SampleRatioCheck.THRESHOLD));
        }
        long smallest = Long.MAX_VALUE;
        String smallestName = "";
        for (int i = 0; i < variants.size(); i++) {
            long n = primary.samples().get(i).count();
            if ((i == control || variants.get(i).expectedShare() > 0 || n > 0) && n < smallest) {
                smallest = n;
                smallestName = variants.get(i).name();
            }
        }
        if (smallest < required) {
            return Decision.keepGoing("need " + required + " units per variant on '" + primary.name() + "'; '"
                + smallestName + "' has " + smallest);
        }
        boolean higherIsBetter = experiment.analysis().higherIsBetter();
        Comparison best = null;
        Comparison worst = null;
        for (Comparison c : tests) {
            if (!c.deciding() || !c.significant()) {
                continue;
            }
            double effect = effect(c.result());
            boolean better = higherIsBetter ? effect > 0 : effect < 0;
            if (better && (best == null || Math.abs(effect) > Math.abs(effect(best.result())))) {
                best = c;
            } else if (!better && effect != 0 && (worst == null || Math.abs(effect) > Math.abs(effect(worst.result())))) {
                worst = c;
            }
        }
        if (best != null) {
            return Decision.winner(best.variant(), String.format(Locale.ROOT, "'%s' beats '%s' on '%s' by %s (%s p = %.3g < %s)",
                best.variant(), best.control(), primary.name(), number(effect(best.result())), best.result().method().jsonName(),
                best.adjustedPValue(), experiment.analysis().alpha()));
        }
        if (worst != null) {
            return Decision.rollback(String.format(Locale.ROOT, "'%s' is worse than '%s' on '%s' by %s (%s p = %.3g < %s)",
                worst.variant(), worst.control(), primary.name(), number(effect(worst.result())), worst.result().method().jsonName(),
                worst.adjustedPValue(), experiment.analysis().alpha()));
        }
        return Decision.keepGoing("no significant difference on '" + primary.name() + "' yet");
    }

    private static double effect(TestResult comparison) {
        return comparison.effect().orElseThrow().estimate();
    }

    private static String number(double value) {
        return String.format(Locale.ROOT, "%.4g", value);
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
        ObjectNode root = JSON.createObjectNode();
        root.put("experiment", experiment);
        root.put("metric", metric);
        root.put("metricType", type(conversion));
        root.put("control", control);
        number(root, "alpha", alpha);
        root.put("decidingTest", decidingTest);
        ArrayNode variantArray = root.putArray("variants");
        for (VariantResult v : variants) {
            ObjectNode node = variantArray.addObject();
            node.put("name", v.name());
            node.put("count", v.units());
            node.put("metricCount", v.sample().count());
            number(node, "expectedShare", v.expectedShare());
            number(node, "observedShare", v.observedShare());
            number(node, "mean", v.sample().mean());
            number(node, "stdDev", v.sample().standardDeviation());
            if (conversion) {
                node.put("conversions", v.sample().successes());
            }
        }
        if (sampleRatio.isPresent()) {
            SampleRatioCheck s = sampleRatio.get();
            number(root, "srmPValue", s.pValue());
            ObjectNode node = root.putObject("srm");
            number(node, "statistic", s.statistic());
            number(node, "pValue", s.pValue());
            node.put("degreesOfFreedom", s.degreesOfFreedom());
            node.put("unexpectedUnits", s.unexpectedUnits());
            node.put("mismatch", s.mismatch());
        } else {
            root.putNull("srmPValue");
            root.putNull("srm");
        }
        writeTests(root.putArray("tests"), tests);
        root.put("requiredUnits", requiredUnits);
        ArrayNode guardrailArray = root.putArray("guardrails");
        for (GuardrailCheck g : guardrails) {
            ObjectNode node = guardrailArray.addObject().put("variant", g.variant()).put("check", g.check());
            number(node, "value", g.value());
            number(node, "limit", g.limit());
            node.put("requests", g.requests()).put("breached", g.breached());
        }
        ArrayNode secondary = root.putArray("secondaryMetrics");
        for (MetricResult m : secondaryMetrics) {
            ObjectNode node = secondary.addObject().put("metric", m.metric()).put("metricType", type(m.conversion()));
            ArrayNode samples = node.putArray("variants");
            for (int i = 0; i < variants.size(); i++) {
                Sample s = m.samples().get(i);
                ObjectNode sample = samples.addObject().put("name", variants.get(i).name()).put("count", s.count());
                number(sample, "mean", s.mean());
                number(sample, "stdDev", s.standardDeviation());
            }
            writeTests(node.putArray("tests"), m.tests());
        }
        root.put("unitsInSeveralVariants", unitsInSeveralVariants);
        root.put("decision", decision.label());
        root.put("reason", decision.reason());
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    private static void writeTests(ArrayNode array, List<Comparison> comparisons) {
        for (Comparison c : comparisons) {
            ObjectNode node = array.addObject();
            Effect effect = c.result().effect().orElseThrow();
            node.put("variant", c.variant()).put("control", c.control()).put("method", c.result().method().jsonName());
            number(node, "statistic", c.result().statistic());
            number(node, "pValue", c.result().pValue().orElse(Double.NaN));
            number(node, "adjustedPValue", c.adjustedPValue());
            number(node, "effect", effect.estimate());
            number(node, "relativeEffect", c.relativeEffect());
            number(node, "ciLow", effect.low());
            number(node, "ciHigh", effect.high());
            node.put("significant", c.significant()).put("deciding", c.deciding());
        }
    }

    private static String type(boolean conversion) {
        return conversion ? "conversion" : "continuous";
    }

    private static void number(ObjectNode node, String field, double value) {
        if (Double.isFinite(value)) {
            node.put(field, value);
        } else {
            node.putNull(field);
        }
    }
}
