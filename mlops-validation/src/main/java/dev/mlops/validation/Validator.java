package dev.mlops.validation;

import dev.mlops.data.DataException;
import dev.mlops.data.DataTable;
import dev.mlops.data.LabeledData;
import dev.mlops.model.ClassificationMetrics;
import dev.mlops.model.Classifier;
import dev.mlops.model.Metric;
import dev.mlops.model.Outcomes;
import dev.mlops.model.Predictions;
import dev.mlops.model.RocCurve;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelVersion;
import dev.mlops.validation.internal.ChampionSource;
import dev.mlops.validation.internal.CheckRunner;
import dev.mlops.validation.internal.Evaluation;
import dev.mlops.validation.internal.FairnessCheck;
import dev.mlops.validation.internal.ImprovementCheck;
import dev.mlops.validation.internal.LatencyCheck;
import dev.mlops.validation.internal.Permutations;
import dev.mlops.validation.internal.RobustnessCheck;
import dev.mlops.validation.internal.RowsCheck;
import dev.mlops.validation.internal.SignificanceCheck;
import dev.mlops.validation.internal.ValueCheck;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * The gate between "trained" and "serving": evaluates a model on labeled data and runs the
 * configured checks, producing a {@link ValidationReport}. Immutable and thread-safe; build one with
 * {@link #builder()} and validate many models with it.
 *
 * <pre>{@code
 * Validator validator = Validator.builder()
 *         .atLeast(Metric.AUC, 0.75)
 *         .minRows(100)
 *         .champion(registry, "credit@production")     // whatever serves when validate runs; none yet: skipped
 *         .minImprovement(Metric.AUC, 0.005)
 *         .significantlyBetter(Metric.ACCURACY, 0.05)
 *         .noise(0.1, Metric.AUC, 0.05)
 *         .fairness(ProtectedGroup.atLeast("age", 25), "good")
 *         .latency(Duration.ofMillis(5))
 *         .build();
 * ValidationReport report = validator.validate(candidate, "credit:7", LabeledData.fromCsv(holdout, "class"));
 * report.attachTo(registry, "credit", 7);
 * }</pre>
 *
 * <p>Rows without a label are left out. Every comparison with the champion uses the same rows.
 * While there is no champion (a registry reference that points to no version yet), the checks that
 * compare with it are skipped and listed as such in the report, which passes or fails on the rest.
 */
public final class Validator {

    /** The most points of a ROC curve a report keeps (enough to draw it; the AUC is exact anyway). */
    static final int ROC_POINTS = 400;

    private final List<CheckRunner> checks;
    private final List<FairnessCheck> fairness;
    private final Optional<ChampionSource> champion;
    private final long seed;
    private final int resamples;
    private final InstantSource clock;
    private final Optional<ImportanceSpec> importance;

    /** What permutation importance to measure. */
    private record ImportanceSpec(Metric metric, int repeats) {
    }

    private Validator(Builder builder) {
        this.checks = List.copyOf(builder.checks);
        this.fairness = checks.stream().filter(FairnessCheck.class::isInstance).map(FairnessCheck.class::cast).toList();
        this.champion = builder.champion;
        this.seed = builder.seed;
        this.resamples = builder.resamples;
        this.clock = builder.clock;
        this.importance = builder.importance;
    }

    /** Starts configuring a validator. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Validates a model on labeled data.
     *
     * @param name what the report calls the model, e.g. {@code churn:4}
     * @throws DataException if the data lacks a feature column or a protected column, has no labeled
     *     row, or holds a label the model does not know
     * @throws IllegalArgumentException if the champion's labels differ from the model's, or a
     *     favorable label is not one of them
     * @throws dev.mlops.registry.ModelNotFoundException if the champion is a registry reference to a
     *     version number that does not exist
     */
    public ValidationReport validate(Classifier model, String name, LabeledData data) {
        return validate(model, name, "", data);
    }

    /**
     * Validates a registered version: the report names it ({@code NAME:VERSION}) and its artifact
     * digest, which binds it to those bytes as evidence for promotion.
     *
     * @param model the version's model, as {@code registry.load(version.ref().toString(), ...)} read it
     * @throws DataException as {@link #validate(Classifier, String, LabeledData)}
     */
    public ValidationReport validate(Classifier model, ModelVersion version, LabeledData data) {
        return validate(model, version.ref().toString(), version.sha256(), data);
    }

    private ValidationReport validate(Classifier model, String name, String artifactSha256, LabeledData data) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(name, "name");
        int[] labeled = IntStream.range(0, data.rowCount()).filter(r -> !data.labels().get(r).isEmpty()).toArray();
        if (labeled.length == 0) {
            throw new DataException(data.source(), 0, data.labelColumn(), "no row has a label to validate against");
        }
        DataTable table = data.table().rows(labeled);
        List<String> actual = IntStream.of(labeled).mapToObj(r -> data.labels().get(r)).toList();
        for (String label : actual) {
            if (!model.labels().contains(label)) {
                throw new DataException(data.source(), 0, data.labelColumn(), "label '" + label
                        + "' is not one the model predicts: " + model.labels());
            }
        }
        Predictions predictions = model.predict(table, data.source());
        Outcomes coded = coded(predictions, actual);
        Optional<ChampionSource.Champion> resolved = champion.flatMap(ChampionSource::resolve);
        Optional<Evaluation.Side> side = resolved.map(c -> championSide(c, model, table, data.source(), actual));
        Evaluation evaluation = new Evaluation(model, table, data.source(), actual, predictions, coded,
                ClassificationMetrics.of(predictions, actual), side, seed, resamples);
        List<Check> results = new ArrayList<>();
        List<SkippedCheck> skipped = new ArrayList<>();
        for (CheckRunner check : checks) {
            if (side.isEmpty() && !check.championChecks().isEmpty()) {
                String reason = champion.orElseThrow().absence();
                check.championChecks().forEach(n -> skipped.add(new SkippedCheck(n, reason)));
            } else {
                results.addAll(check.run(evaluation));
            }
        }
        return new ValidationReport(name, artifactSha256, side.map(Evaluation.Side::name), data.source(), data.fingerprint(),
                labeled.length, model.positiveClass(), evaluation.metrics().asMap(),
                side.map(s -> s.metrics().asMap()).orElse(Map.of()), results, skipped,
                evaluation.metrics().confusionMatrix(), roc(predictions, actual),
                side.flatMap(s -> roc(s.predictions(), actual)),
                fairness.stream().map(f -> f.groups(evaluation)).toList(), clock.instant(),
                importance.map(i -> Permutations.importance(model, table, data.source(), actual, i.metric(),
                        i.repeats(), seed)));
    }

    /** The ROC curve of a binary model's predictions, when the rows hold both classes. */
    private static Optional<RocCurve> roc(Predictions predictions, List<String> actual) {
        Optional<String> positive = predictions.positiveClass();
        boolean bothClasses = positive.isPresent() && actual.contains(positive.get())
                && !actual.stream().allMatch(positive.get()::equals);
        if (!bothClasses) {
            return Optional.empty();
        }
        return Optional.of(RocCurve.of(predictions, actual).thinned(ROC_POINTS));
    }

    private Evaluation.Side championSide(ChampionSource.Champion resolved, Classifier model, DataTable table,
            String source, List<String> actual) {
        Classifier championModel = resolved.model();
        if (!championModel.labels().equals(model.labels())) {
            throw new IllegalArgumentException("the champion predicts " + championModel.labels() + ", the model "
                    + model.labels() + ": they cannot be compared");
        }
        // the champion is scored with the model's positive class, so both are measured alike
        Predictions raw = championModel.predict(table, source);
        Predictions predictions = new Predictions(model.labels(), model.positiveClass(), raw.probabilityMatrix());
        return new Evaluation.Side(resolved.name(), championModel, predictions, coded(predictions, actual),
                ClassificationMetrics.of(predictions, actual));
    }

    private static Outcomes coded(Predictions predictions, List<String> actual) {
        return Outcomes.of(predictions.labels(), predictions.positiveClass(), actual, predictions.predictedLabels(),
                predictions.probabilityMatrix());
    }

    /** Configures a {@link Validator}; checks run and appear in the report in the order they are added. */
    public static final class Builder {
        private final List<CheckRunner> checks = new ArrayList<>();
        private Optional<ChampionSource> champion = Optional.empty();
        private long seed = 42;
        private int resamples = 1000;
        private InstantSource clock = InstantSource.system();
        private Optional<ImportanceSpec> importance = Optional.empty();

        private Builder() {
        }

        /** Requires {@code metric ≥ threshold}; check {@code METRIC.min}. */
        public Builder atLeast(Metric metric, double threshold) {
            checks.add(new ValueCheck(Objects.requireNonNull(metric, "metric"), finite(threshold, "threshold"), true));
            return this;
        }

        /** Requires {@code metric ≤ threshold}; check {@code METRIC.max}. */
        public Builder atMost(Metric metric, double threshold) {
            checks.add(new ValueCheck(Objects.requireNonNull(metric, "metric"), finite(threshold, "threshold"), false));
            return this;
        }

        /**
         * Requires at least {@code rows} labeled evaluation rows; check {@code rows.min}.
         *
         * @throws IllegalArgumentException if {@code rows} is below 1
         */
        public Builder minRows(int rows) {
            if (rows < 1) {
                throw new IllegalArgumentException("minimum rows must be at least 1, got " + rows);
            }
            checks.add(new RowsCheck(rows));
            return this;
        }

        /**
         * The model that serves now, which improvement and significance checks compare with; named in
         * the report. Replaces a champion given before.
         */
        public Builder champion(Classifier model, String name) {
            this.champion = Optional.of(ChampionSource.of(Objects.requireNonNull(model, "champion"),
                    Objects.requireNonNull(name, "name")));
            return this;
        }

        /**
         * The champion as a registry reference, such as {@code credit@production} or
         * {@code credit@champion}, resolved at every validation: the report compares with the version
         * it points to then (named {@code credit:3 (credit@production)}), and while it points to none
         * ("no champion yet": a new model, nothing in production) the comparisons are skipped and
         * listed in the report with that reason. Replaces a champion given before.
         *
         * @throws IllegalArgumentException if the reference is malformed
         */
        public Builder champion(ModelRegistry registry, String ref) {
            this.champion = Optional.of(ChampionSource.fromRegistry(registry, Objects.requireNonNull(ref, "ref")));
            return this;
        }

        /**
         * Requires beating the champion by {@code delta} (absolute): metric ≥ champion + delta (for log
         * loss ≤ champion − delta); check {@code METRIC.improvement}. Needs a champion.
         */
        public Builder minImprovement(Metric metric, double delta) {
            checks.add(new ImprovementCheck(Objects.requireNonNull(metric, "metric"), finite(delta, "delta"), false));
            return this;
        }

        /**
         * Requires beating the champion by a fraction: metric ≥ champion × (1 + fraction), e.g. 0.02
         * for 2% (for log loss ≤ champion × (1 − fraction)); check {@code METRIC.relativeImprovement}.
         * Needs a champion.
         */
        public Builder minRelativeImprovement(Metric metric, double fraction) {
            checks.add(new ImprovementCheck(Objects.requireNonNull(metric, "metric"), finite(fraction, "fraction"), true));
            return this;
        }

        /**
         * Requires the model to be significantly better than the champion at level {@code alpha}:
         * exact McNemar test for accuracy (check {@code accuracy.mcnemar}, value the p-value), paired
         * bootstrap interval otherwise (check {@code METRIC.bootstrap}). Needs a champion.
         */
        public Builder significantlyBetter(Metric metric, double alpha) {
            checks.add(new SignificanceCheck(Objects.requireNonNull(metric, "metric"), level(alpha), true));
            return this;
        }

        /** Like {@link #significantlyBetter}, but passes unless the model is significantly worse. */
        public Builder notSignificantlyWorse(Metric metric, double alpha) {
            checks.add(new SignificanceCheck(Objects.requireNonNull(metric, "metric"), level(alpha), false));
            return this;
        }

        /**
         * Requires that {@code metric} drops by at most {@code maxDrop} under Gaussian noise of
         * {@code sigma} standard deviations on every numeric feature (mean of 5 seeded draws); check
         * {@code robustness.noise.METRIC}.
         */
        public Builder noise(double sigma, Metric metric, double maxDrop) {
            checks.add(new RobustnessCheck(RobustnessCheck.Kind.NOISE, positive(sigma, "sigma"),
                    Objects.requireNonNull(metric, "metric"), finite(maxDrop, "maxDrop"), 5));
            return this;
        }

        /**
         * Requires that {@code metric} drops by at most {@code maxDrop} when each feature cell is
         * missing with probability {@code rate} (mean of 5 seeded draws); check
         * {@code robustness.missing.METRIC}.
         */
        public Builder missingValues(double rate, Metric metric, double maxDrop) {
            if (!(rate > 0 && rate < 1)) {
                throw new IllegalArgumentException("missing rate must be in (0, 1), got " + rate);
            }
            checks.add(new RobustnessCheck(RobustnessCheck.Kind.MISSING, rate, Objects.requireNonNull(metric, "metric"),
                    finite(maxDrop, "maxDrop"), 5));
            return this;
        }

        /**
         * Fairness with the usual bounds, |differences| ≤ 0.1 and disparate impact in [0.8, 1.25]; see
         * the four-argument form.
         */
        public Builder fairness(ProtectedGroup group, String favorable) {
            return fairness(group, favorable, 0.1, 0.8);
        }

        /**
         * Checks group fairness of the predictions, with differences taken as unprivileged minus
         * privileged (negative: the unprivileged group gets the favorable label less often): statistical
         * parity difference and equal opportunity difference (|value| ≤ maxDifference), disparate
         * impact (within [minRatio, 1/minRatio]; 0.8 is the four-fifths rule), equalized odds
         * difference, max(|ΔTPR|, |ΔFPR|) ≤ maxDifference. Checks
         * {@code fairness.COLUMN.statisticalParityDifference}, {@code .disparateImpact},
         * {@code .equalOpportunityDifference}, {@code .equalizedOddsDifference}.
         *
         * @param favorable the label that is the good outcome for the person (e.g. {@code good} credit),
         *     which is often not the positive class of the metrics ({@code bad}, {@code churned})
         */
        public Builder fairness(ProtectedGroup group, String favorable, double maxDifference, double minRatio) {
            if (!(minRatio > 0 && minRatio <= 1)) {
                throw new IllegalArgumentException("minimum ratio must be in (0, 1], got " + minRatio);
            }
            checks.add(new FairnessCheck(Objects.requireNonNull(group, "group"),
                    Objects.requireNonNull(favorable, "favorable"), finite(maxDifference, "maxDifference"), minRatio));
            return this;
        }

        /**
         * Requires the p99 of single-row prediction within {@code budget}, from 1,000 timed predictions
         * after a warm-up that lets the JVM compile the prediction code (at least a second or 20,000
         * predictions, until the timing settles; at most 5 s); check {@code latency.p99}.
         */
        public Builder latency(Duration budget) {
            return latency(budget, 1000);
        }

        /**
         * Requires the p99 of {@code samples} timed single-row predictions within {@code budget}, after
         * the warm-up of {@link #latency(Duration)}.
         *
         * @throws IllegalArgumentException if the budget is not positive or {@code samples} is below 100
         */
        public Builder latency(Duration budget, int samples) {
            if (budget.isNegative() || budget.isZero()) {
                throw new IllegalArgumentException("latency budget must be positive, got " + budget);
            }
            if (samples < 100) {
                throw new IllegalArgumentException("a p99 needs at least 100 samples, got " + samples);
            }
            checks.add(new LatencyCheck(budget, samples));
            return this;
        }

        /**
         * Adds the {@link PermutationImportance} of every feature column to the report (not a check:
         * it passes or fails nothing), measured with {@code metric} over {@code repeats} shuffles per
         * column, seeded by {@link #seed}.
         *
         * @throws IllegalArgumentException if {@code repeats} is below 1
         */
        public Builder importance(Metric metric, int repeats) {
            if (repeats < 1) {
                throw new IllegalArgumentException("repeats must be at least 1, got " + repeats);
            }
            this.importance = Optional.of(new ImportanceSpec(Objects.requireNonNull(metric, "metric"), repeats));
            return this;
        }

        /** Seeds bootstrap resampling, perturbations and importance shuffles (default 42). */
        public Builder seed(long value) {
            this.seed = value;
            return this;
        }

        /**
         * Bootstrap resamples of significance checks (default 1,000).
         *
         * @throws IllegalArgumentException unless 100 to 1,000,000
         */
        public Builder resamples(int value) {
            if (value < 100 || value > 1_000_000) {
                throw new IllegalArgumentException("resamples must be 100 to 1,000,000, got " + value);
            }
            this.resamples = value;
            return this;
        }

        /** The clock that stamps reports. */
        public Builder clock(InstantSource value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /**
         * The validator.
         *
         * @throws IllegalStateException if a check compares with a champion and none was given (a
         *     registry reference that points to nothing yet counts as given)
         */
        public Validator build() {
            if (champion.isEmpty() && checks.stream().anyMatch(c -> !c.championChecks().isEmpty())) {
                throw new IllegalStateException("improvement and significance checks need a champion: call champion(...)");
            }
            return new Validator(this);
        }

        private static double finite(double value, String name) {
            if (!Double.isFinite(value)) {
                throw new IllegalArgumentException(name + " must be a finite number, got " + value);
            }
            return value;
        }

        private static double positive(double value, String name) {
            if (!(value > 0) || Double.isInfinite(value)) {
                throw new IllegalArgumentException(name + " must be positive, got " + value);
            }
            return value;
        }

        private static double level(double alpha) {
            if (!(alpha > 0 && alpha < 1)) {
                throw new IllegalArgumentException("significance level must be in (0, 1), got " + alpha);
            }
            return alpha;
        }
    }
}
