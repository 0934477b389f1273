package dev.mlops.routing;

import dev.mlops.routing.Analysis.Comparison;
import dev.mlops.routing.Analysis.GuardrailCheck;
import dev.mlops.routing.Analysis.MetricResult;
import dev.mlops.routing.Analysis.VariantResult;
import dev.mlops.stats.ChiSquareTests;
import dev.mlops.stats.ComparisonMethod;
import dev.mlops.stats.Correction;
import dev.mlops.stats.Sample;
import dev.mlops.stats.TestResult;
import dev.mlops.stats.TwoSampleTests;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Judges an experiment's observations and decides what to do: the {@link Analysis} of a look.
 *
 * <p>Every treatment is compared with the control on the deciding metric by the fixed-horizon test
 * ({@link TwoSampleTests#twoProportion} for conversion metrics, {@link TwoSampleTests#welch}
 * otherwise) and by the always-valid {@link TwoSampleTests#msprt}; with more than one treatment
 * the p-values of each test are Holm-adjusted over the treatments. The decision, in this order:
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
 * <p>An analyzer remembers the looks it has judged: each mSPRT p-value it reports is the running
 * minimum over its looks at the same metric, variant and configuration (experiment, salt, phase),
 * which stays always-valid and can only tighten, so looking often is safe. A fresh analyzer
 * judges one look on its own. Thread-safe.
 *
 * <pre>{@code
 * Analysis analysis = new Analyzer().analyze(experiment, EventFiles.read(events, experiment));
 * }</pre>
 */
public final class Analyzer {

    private final Map<String, Double> runningMinimum = new ConcurrentHashMap<>();

    /** An analyzer that has judged no look yet. */
    public Analyzer() {
    }

    /**
     * Judges observations under an experiment's settings (see the class comment).
     *
     * @throws IllegalArgumentException if the observations are for other variants, have no
     *                                  metric, or lack the metric the settings name
     */
    public Analysis analyze(Experiment experiment, Observations observations) {
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
            ? Optional.empty() : Optional.of(sampleRatio(units, shares));

        String configuration = experiment.id() + "/" + experiment.salt() + "/" + experiment.phase();
        List<Comparison> tests = compare(experiment, primary, control, shares, configuration, true);
        List<MetricResult> secondary = new ArrayList<>();
        for (Observations.MetricData metric : observations.metrics()) {
            if (metric != primary) {
                secondary.add(new MetricResult(metric.name(), metric.conversion(), metric.samples(),
                    compare(experiment, metric, control, shares, configuration, false)));
            }
        }
        long required = requiredUnits(settings, primary, control);
        List<GuardrailCheck> guardrails = experiment.canary()
            .map(canary -> guardrails(canary, observations.health().get(experiment.indexOf(canary.variant()))))
            .orElse(List.of());
        ComparisonMethod deciding = settings.sequential() ? ComparisonMethod.MSPRT
            : primary.conversion() ? ComparisonMethod.Z : ComparisonMethod.WELCH_T;
        Decision decision = decide(experiment, primary, control, variants, srm, tests, required, guardrails);
        return new Analysis(experiment.id(), primary.name(), primary.conversion(), experiment.control(), settings.alpha(),
            deciding, variants, srm, tests, secondary, required, guardrails, observations.unitsInSeveralVariants(), decision);
    }

    /**
     * The sample-ratio-mismatch check: Pearson's chi-square of the observed units against
     * {@code shares · total} over the variants with a positive share
     * ({@link ChiSquareTests#goodnessOfFit}, as {@code scipy.stats.chisquare(observed, expected)}),
     * upper-tail p-value with (variants − 1) degrees of freedom. Units in variants whose share is
     * 0 are counted as unexpected and make a mismatch on their own.
     *
     * @param units  units per variant
     * @param shares expected share per variant (normalized here)
     * @throws IllegalArgumentException if the arrays differ in length, a count or share is
     *                                  negative, or no share is positive
     */
    public static SampleRatioCheck sampleRatio(long[] units, double[] shares) {
        double[] fit = new double[3];
        ChiSquareTests.goodnessOfFit(units, shares, fit);
        long unexpected = 0;
        for (int i = 0; i < units.length; i++) {
            if (shares[i] == 0) {
                unexpected += units[i];
            }
        }
        return new SampleRatioCheck(fit[0], fit[1], (int) fit[2], unexpected, fit[1] < SampleRatioCheck.THRESHOLD || unexpected > 0);
    }

    /**
     * A canary's guardrail checks on its serving health: one per guardrail with both a limit and
     * an observed value, breached when the value is above the limit after the canary's minimum
     * number of requests. The router checks live traffic with the same rule.
     */
    static List<GuardrailCheck> guardrails(Canary canary, Observations.Health health) {
        List<GuardrailCheck> checks = new ArrayList<>();
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

    private List<Comparison> compare(Experiment experiment, Observations.MetricData metric, int control, double[] shares,
                                     String configuration, boolean decidingMetric) {
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
            double relative = c.mean() == 0 ? Double.NaN : fixed[j].effect().orElseThrow().estimate() / c.mean();
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
            double effect = c.effect();
            boolean better = higherIsBetter ? effect > 0 : effect < 0;
            if (better && (best == null || Math.abs(effect) > Math.abs(best.effect()))) {
                best = c;
            } else if (!better && effect != 0 && (worst == null || Math.abs(effect) > Math.abs(worst.effect()))) {
                worst = c;
            }
        }
        if (best != null) {
            return Decision.winner(best.variant(), String.format(Locale.ROOT, "'%s' beats '%s' on '%s' by %s (%s p = %.3g < %s)",
                best.variant(), best.control(), primary.name(), number(best.effect()), best.result().method().jsonName(),
                best.adjustedPValue(), experiment.analysis().alpha()));
        }
        if (worst != null) {
            return Decision.rollback(String.format(Locale.ROOT, "'%s' is worse than '%s' on '%s' by %s (%s p = %.3g < %s)",
                worst.variant(), worst.control(), primary.name(), number(worst.effect()), worst.result().method().jsonName(),
                worst.adjustedPValue(), experiment.analysis().alpha()));
        }
        return Decision.keepGoing("no significant difference on '" + primary.name() + "' yet");
    }

    private static String number(double value) {
        return String.format(Locale.ROOT, "%.4g", value);
    }
}
