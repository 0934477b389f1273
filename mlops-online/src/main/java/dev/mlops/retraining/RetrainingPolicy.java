package dev.mlops.retraining;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.core.Json;
import dev.mlops.drift.Severity;
import dev.mlops.model.Metric;
import dev.mlops.online.Trigger;
import dev.mlops.validation.ProtectedGroup;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * When and how a registered model is retrained, validated against its production version and
 * promoted. Read from JSON ({@link #parse}), as {@code mlops retrain --policy} reads it:
 *
 * <pre>{@code
 * {"label":"class",
 *  "data":{"csv":"exports/credit-*.csv"} | {"jdbc":{"url":"jdbc:postgresql://...","query":"SELECT ..."}},
 *  "triggers":{"always":false,"newRows":500,"drift":"MEDIUM","metricDrop":{"auc":0.05},"maxAge":"P7D"},
 *  "training":{"algorithm":"logistic","params":{},"seed":1},
 *  "validation":{"holdoutFraction":0.2,"min":{"auc":0.6},"minImprovement":{"accuracy":"2%"},
 *                "significance":0.05,"fairness":{"column":"age>=25","favorable":"good"}},
 *  "promotion":"auto|approval",
 *  "watch":{"metric":"accuracy","tolerance":0.02},
 *  "lease":"PT15M",
 *  "retries":{"max":3,"backoff":"PT30S","multiplier":2}}
 * }</pre>
 *
 * Only {@code label} and {@code data} are required. A relative CSV path or glob is resolved against
 * the policy file's directory. Unknown fields, wrong types, bad durations and unknown metrics or
 * severities are {@link PolicyException}s naming the field.
 *
 * @param source where the policy was read from, for messages
 * @param label the label column of the training data
 * @param data where the training data comes from
 * @param triggers when to retrain
 * @param training how to train; empty parts default to the production version's own
 * @param validation what the challenger must show on the held-out rows
 * @param promotion what happens to a challenger that passes
 * @param watch how a version promoted by retraining is judged afterwards
 * @param lease how long a run may hold the model's lease before another process may take it over
 * @param retries how often a run that failed because the store or the data source could not be
 *     reached is tried again; {@link Retries#NONE} by default
 */
public record RetrainingPolicy(String source, String label, DataSource data, Triggers triggers,
        TrainingPlan training, ValidationPlan validation, Promotion promotion, Optional<Watch> watch,
        Duration lease, Retries retries) {

    /** The default lease: long enough for a training run, short enough to recover from a crash. */
    public static final Duration DEFAULT_LEASE = Duration.ofMinutes(15);

    public RetrainingPolicy {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(triggers, "triggers");
        Objects.requireNonNull(training, "training");
        Objects.requireNonNull(validation, "validation");
        Objects.requireNonNull(promotion, "promotion");
        Objects.requireNonNull(watch, "watch");
        Objects.requireNonNull(lease, "lease");
        Objects.requireNonNull(retries, "retries");
    }

    /** What a passing challenger becomes. */
    public enum Promotion {
        /** Promoted through the stages to PRODUCTION at once. */
        AUTO,
        /** Left in STAGING for a person to promote. */
        APPROVAL
    }

    /**
     * When to retrain; any trigger that fires is enough.
     *
     * @param always fire on every run (a schedule: cron runs it)
     * @param newRows fire when the data has at least this many rows beyond those the production
     *     version was trained from
     * @param drift fire when the data's rows beyond those the production version was trained from
     *     drifted from its stored profile at or above this severity
     * @param metricDrop fire when the newest performance record of the production version is below its
     *     validation-time value by at least this much (log loss: above)
     * @param maxAge fire when the production version is older than this
     */
    public record Triggers(boolean always, OptionalLong newRows, Optional<Severity> drift,
            Map<Metric, Double> metricDrop, Optional<Duration> maxAge) {
        /** @throws IllegalArgumentException for a value the trigger it stands for refuses */
        public Triggers {
            metricDrop = Map.copyOf(metricDrop);
            all(newRows, drift, metricDrop, maxAge);
        }

        /**
         * These triggers in the online learner's model, which judges them: {@code newRows} is
         * {@link Trigger#newData}, {@code drift} {@link Trigger#dataDrift}, each {@code metricDrop}
         * {@link Trigger#metricDrop}, {@code maxAge} {@link Trigger#schedule}. ({@code always} is a
         * manual retraining on every run.)
         */
        public List<Trigger> all() {
            return all(newRows, drift, metricDrop, maxAge);
        }

        private static List<Trigger> all(OptionalLong newRows, Optional<Severity> drift, Map<Metric, Double> metricDrop,
                Optional<Duration> maxAge) {
            List<Trigger> all = new ArrayList<>();
            newRows.ifPresent(n -> all.add(Trigger.newData(n)));
            drift.ifPresent(s -> all.add(Trigger.dataDrift(s)));
            metricDrop.entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .forEach(e -> all.add(Trigger.metricDrop(e.getKey(), e.getValue())));
            maxAge.ifPresent(d -> all.add(Trigger.schedule(d)));
            return List.copyOf(all);
        }

        /** The policy field a trigger of {@link #all()} comes from: {@code newRows}, {@code drift}, ... */
        public static String field(Trigger trigger) {
            return switch (trigger.kind()) {
                case NEW_DATA -> "newRows";
                case DATA_DRIFT -> "drift";
                case ACCURACY_DROP, METRIC_DROP -> "metricDrop";
                case SCHEDULE -> "maxAge";
                default -> trigger.kind().id();
            };
        }
    }

    /**
     * How the challenger is trained; what is left out is taken from the production version.
     *
     * @param algorithm the algorithm id, e.g. {@code logistic}
     * @param params hyperparameters (replace the production version's when given)
     * @param seed the seed
     */
    public record TrainingPlan(Optional<String> algorithm, Optional<Map<String, String>> params, OptionalLong seed) {
    }

    /**
     * What the challenger must show against the production version on the newest rows, held out.
     *
     * @param holdoutFraction the newest fraction of the rows, not trained on
     * @param min absolute thresholds of the challenger's metrics
     * @param minImprovement improvements over the production version, absolute or relative
     * @param significance when present, the challenger must be significantly better (McNemar or
     *     bootstrap on the first minImprovement metric, else accuracy) at this level
     * @param fairness when present, group fairness with the favorable outcome stated
     */
    public record ValidationPlan(double holdoutFraction, Map<Metric, Double> min, Map<Metric, Improvement> minImprovement,
            Optional<Double> significance, Optional<Fairness> fairness) {
        public ValidationPlan {
            min = Map.copyOf(min);
            minImprovement = Map.copyOf(minImprovement);
        }
    }

    /**
     * A required improvement.
     *
     * @param value the amount; a fraction of the production version's value when relative
     * @param relative whether it was given as a percentage
     */
    public record Improvement(double value, boolean relative) {
    }

    /**
     * A fairness requirement.
     *
     * @param group the privileged group ({@link ProtectedGroup#parse})
     * @param favorable the outcome that benefits the person
     */
    public record Fairness(ProtectedGroup group, String favorable) {
    }

    /**
     * How a version promoted by retraining is watched: when a performance record after its promotion
     * is below its predecessor's validation-time value of the metric by more than the tolerance, the
     * next run rolls back.
     *
     * @param metric the metric compared
     * @param tolerance how much worse it may be
     */
    public record Watch(Metric metric, double tolerance) {
    }

    /**
     * Retries of a run that failed for a reason that may pass (the store or the data source could not
     * be reached): the k-th retry waits {@code backoff × multiplier^(k-1)}.
     *
     * @param max retries after the first attempt, 0 to 100
     * @param backoff the pause before the first retry, positive (zero only with {@code max} 0)
     * @param multiplier how much each pause grows, 1 to 10
     */
    public record Retries(int max, Duration backoff, double multiplier) {

        /** No retries: a failed run fails. */
        public static final Retries NONE = new Retries(0, Duration.ZERO, 1);

        /** @throws IllegalArgumentException naming the bad value */
        public Retries {
            Objects.requireNonNull(backoff, "backoff");
            if (max < 0 || max > 100) {
                throw new IllegalArgumentException("retries must be 0 to 100, got " + max);
            }
            if (backoff.isNegative() || backoff.isZero() && max > 0 || backoff.compareTo(Duration.ofDays(1)) > 0) {
                throw new IllegalArgumentException("backoff must be positive and at most a day, got " + backoff);
            }
            if (!(multiplier >= 1 && multiplier <= 10)) {
                throw new IllegalArgumentException("backoff multiplier must be 1 to 10, got " + multiplier);
            }
        }

        /** The pause before retry {@code retry} (1 for the first), at most a day. */
        public Duration delay(int retry) {
            double millis = backoff.toMillis() * Math.pow(multiplier, Math.max(0, retry - 1));
            return Duration.ofMillis((long) Math.min(millis, Duration.ofDays(1).toMillis()));
        }
    }

    /** Reads a policy file; see the class comment. */
    public static RetrainingPolicy read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new PolicyException(file.toString(), "(file)", "cannot read: " + e.getMessage());
        }
        Path dir = file.toAbsolutePath().getParent();
        return parse(text, file.toString(), dir);
    }

    /**
     * Parses a policy.
     *
     * @param base the directory relative CSV paths are resolved against
     */
    public static RetrainingPolicy parse(String json, String source, Path base) {
        JsonNode root;
        try {
            root = Json.read(json);
        } catch (RuntimeException e) {
            throw new PolicyException(source, "(document)", "not JSON: " + e.getMessage());
        }
        Fields f = new Fields(source);
        f.object(root, "", Set.of("label", "data", "triggers", "training", "validation", "promotion", "watch", "lease",
                "retries"));
        String label = f.text(f.required(root, "label"), "label");
        DataSource data = data(f, f.required(root, "data"), base);
        JsonNode t = root.path("triggers");
        Triggers triggers = new Triggers(false, OptionalLong.empty(), Optional.empty(), Map.of(), Optional.empty());
        if (!t.isMissingNode()) {
            f.object(t, "triggers", Set.of("always", "newRows", "drift", "metricDrop", "maxAge"));
            triggers = new Triggers(
                    t.has("always") && f.bool(t.get("always"), "triggers.always"),
                    t.has("newRows") ? OptionalLong.of(f.count(t.get("newRows"), "triggers.newRows")) : OptionalLong.empty(),
                    t.has("drift") ? Optional.of(f.severity(t.get("drift"), "triggers.drift")) : Optional.empty(),
                    t.has("metricDrop") ? f.drops(t.get("metricDrop")) : Map.of(),
                    t.has("maxAge") ? Optional.of(f.duration(t.get("maxAge"), "triggers.maxAge")) : Optional.empty());
        }
        JsonNode tr = root.path("training");
        TrainingPlan training = new TrainingPlan(Optional.empty(), Optional.empty(), OptionalLong.empty());
        if (!tr.isMissingNode()) {
            f.object(tr, "training", Set.of("algorithm", "params", "seed"));
            Map<String, String> params = new LinkedHashMap<>();
            if (tr.has("params")) {
                f.object(tr.get("params"), "training.params", null);
                tr.get("params").fields().forEachRemaining(e -> params.put(e.getKey(),
                        e.getValue().isValueNode() ? e.getValue().asText() : f.fail("training.params." + e.getKey(),
                                "must be a string or a number")));
            }
            training = new TrainingPlan(
                    tr.has("algorithm") ? Optional.of(f.text(tr.get("algorithm"), "training.algorithm")) : Optional.empty(),
                    tr.has("params") ? Optional.of(params) : Optional.empty(),
                    tr.has("seed") ? OptionalLong.of(f.integer(tr.get("seed"), "training.seed")) : OptionalLong.empty());
        }
        JsonNode v = root.path("validation");
        ValidationPlan validation = new ValidationPlan(0.2, Map.of(), Map.of(), Optional.empty(), Optional.empty());
        if (!v.isMissingNode()) {
            f.object(v, "validation", Set.of("holdoutFraction", "min", "minImprovement", "significance", "fairness"));
            double holdout = v.has("holdoutFraction") ? f.fraction(v.get("holdoutFraction"), "validation.holdoutFraction")
                    : 0.2;
            Map<Metric, Improvement> improvements = new LinkedHashMap<>();
            if (v.has("minImprovement")) {
                f.object(v.get("minImprovement"), "validation.minImprovement", null);
                for (Iterator<Map.Entry<String, JsonNode>> it = v.get("minImprovement").fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    String field = "validation.minImprovement." + e.getKey();
                    improvements.put(f.metric(e.getKey(), field), f.improvement(e.getValue(), field));
                }
            }
            Optional<Fairness> fairness = Optional.empty();
            if (v.has("fairness")) {
                JsonNode fa = v.get("fairness");
                f.object(fa, "validation.fairness", Set.of("column", "favorable"));
                String column = f.text(f.required(fa, "column", "validation.fairness.column"), "validation.fairness.column");
                String favorable = f.text(f.required(fa, "favorable", "validation.fairness.favorable"),
                        "validation.fairness.favorable");
                try {
                    fairness = Optional.of(new Fairness(ProtectedGroup.parse(column), favorable));
                } catch (IllegalArgumentException e) {
                    throw new PolicyException(source, "validation.fairness.column", e.getMessage());
                }
            }
            validation = new ValidationPlan(holdout,
                    v.has("min") ? f.metrics(v.get("min"), "validation.min") : Map.of(), improvements,
                    v.has("significance") ? Optional.of(f.fraction(v.get("significance"), "validation.significance"))
                            : Optional.empty(), fairness);
        }
        Promotion promotion = Promotion.AUTO;
        if (root.has("promotion")) {
            String p = f.text(root.get("promotion"), "promotion");
            promotion = switch (p) {
                case "auto" -> Promotion.AUTO;
                case "approval" -> Promotion.APPROVAL;
                default -> throw new PolicyException(source, "promotion", "must be auto or approval, got '" + p + "'");
            };
        }
        Optional<Watch> watch = Optional.empty();
        if (root.has("watch")) {
            JsonNode w = root.get("watch");
            f.object(w, "watch", Set.of("metric", "tolerance"));
            watch = Optional.of(new Watch(
                    w.has("metric") ? f.metric(f.text(w.get("metric"), "watch.metric"), "watch.metric") : Metric.ACCURACY,
                    w.has("tolerance") ? f.fraction(w.get("tolerance"), "watch.tolerance") : 0.0));
        }
        Duration lease = root.has("lease") ? f.duration(root.get("lease"), "lease") : DEFAULT_LEASE;
        Retries retries = root.has("retries") ? retries(f, root.get("retries")) : Retries.NONE;
        return new RetrainingPolicy(source, label, data, triggers, training, validation, promotion, watch, lease,
                retries);
    }

    private static Retries retries(Fields f, JsonNode node) {
        f.object(node, "retries", Set.of("max", "backoff", "multiplier"));
        JsonNode max = f.required(node, "max", "retries.max");
        if (!max.isIntegralNumber() || max.asLong() < 0 || max.asLong() > 100) {
            f.fail("retries.max", "must be a whole number from 0 to 100, got " + max);
        }
        Duration backoff = node.has("backoff") ? f.duration(node.get("backoff"), "retries.backoff") : Duration.ofSeconds(30);
        if (backoff.compareTo(Duration.ofDays(1)) > 0) {
            f.fail("retries.backoff", "must be at most a day, got " + backoff);
        }
        double multiplier = 2;
        if (node.has("multiplier")) {
            JsonNode m = node.get("multiplier");
            multiplier = m.isNumber() && m.asDouble() >= 1 && m.asDouble() <= 10 ? m.asDouble()
                    : f.fail("retries.multiplier", "must be a number from 1 to 10, got " + m);
        }
        return new Retries(max.asInt(), backoff, multiplier);
    }

    private static DataSource data(Fields f, JsonNode node, Path base) {
        f.object(node, "data", Set.of("csv", "jdbc"));
        if (node.has("csv") == node.has("jdbc")) {
            throw new PolicyException(f.source, "data", "give exactly one of csv and jdbc");
        }
        if (node.has("csv")) {
            return DataSource.csv(base, f.text(node.get("csv"), "data.csv"));
        }
        JsonNode jdbc = node.get("jdbc");
        f.object(jdbc, "data.jdbc", Set.of("url", "query"));
        return DataSource.jdbc(f.text(f.required(jdbc, "url", "data.jdbc.url"), "data.jdbc.url"),
                f.text(f.required(jdbc, "query", "data.jdbc.query"), "data.jdbc.query"));
    }

    /** Typed reads that name the field when they fail. */
    private record Fields(String source) {

        <T> T fail(String field, String problem) {
            throw new PolicyException(source, field, problem);
        }

        void object(JsonNode node, String field, Set<String> known) {
            if (!node.isObject()) {
                fail(field.isEmpty() ? "(document)" : field, "must be an object");
            }
            if (known != null) {
                node.fieldNames().forEachRemaining(name -> {
                    if (!known.contains(name)) {
                        fail(field.isEmpty() ? name : field + "." + name, "unknown field; known: " + known.stream().sorted().toList());
                    }
                });
            }
        }

        JsonNode required(JsonNode node, String name) {
            return required(node, name, name);
        }

        JsonNode required(JsonNode node, String name, String field) {
            JsonNode value = node.get(name);
            return value == null || value.isNull() ? fail(field, "is required") : value;
        }

        String text(JsonNode node, String field) {
            return node.isTextual() && !node.asText().isBlank() ? node.asText() : fail(field, "must be a non-empty string");
        }

        boolean bool(JsonNode node, String field) {
            return node.isBoolean() ? node.asBoolean() : fail(field, "must be true or false");
        }

        long count(JsonNode node, String field) {
            return node.canConvertToLong() && node.isIntegralNumber() && node.asLong() >= 1 ? node.asLong()
                    : fail(field, "must be a whole number ≥ 1, got " + node);
        }

        long integer(JsonNode node, String field) {
            return node.isIntegralNumber() && node.canConvertToLong() ? node.asLong() : fail(field, "must be a whole number");
        }

        double fraction(JsonNode node, String field) {
            return node.isNumber() && node.asDouble() > 0 && node.asDouble() < 1 ? node.asDouble()
                    : fail(field, "must be a number between 0 and 1, got " + node);
        }

        Severity severity(JsonNode node, String field) {
            String text = text(node, field);
            try {
                Severity s = Severity.valueOf(text.toUpperCase(Locale.ROOT));
                return s == Severity.NONE ? fail(field, "NONE would fire on every run; use always") : s;
            } catch (IllegalArgumentException e) {
                return fail(field, "must be LOW, MEDIUM, HIGH or CRITICAL, got '" + text + "'");
            }
        }

        Duration duration(JsonNode node, String field) {
            String text = text(node, field);
            try {
                Duration d = Duration.parse(text);
                return d.isNegative() || d.isZero() ? fail(field, "must be positive, got " + text) : d;
            } catch (DateTimeParseException e) {
                return fail(field, "not an ISO-8601 duration such as P7D or PT12H: '" + text + "'");
            }
        }

        Metric metric(String name, String field) {
            try {
                return Metric.parse(name);
            } catch (IllegalArgumentException e) {
                return fail(field, e.getMessage());
            }
        }

        Map<Metric, Double> metrics(JsonNode node, String field) {
            object(node, field, null);
            Map<Metric, Double> values = new LinkedHashMap<>();
            node.fields().forEachRemaining(e -> {
                String name = field + "." + e.getKey();
                values.put(metric(e.getKey(), name), e.getValue().isNumber() && Double.isFinite(e.getValue().asDouble())
                        ? e.getValue().asDouble() : fail(name, "must be a number"));
            });
            return values;
        }

        /** {@code triggers.metricDrop}: each value as {@link Trigger#metricDrop} accepts it. */
        Map<Metric, Double> drops(JsonNode node) {
            Map<Metric, Double> drops = metrics(node, "triggers.metricDrop");
            drops.forEach((metric, margin) -> {
                try {
                    Trigger.metricDrop(metric, margin);
                } catch (IllegalArgumentException e) {
                    fail("triggers.metricDrop." + metric.jsonName(), e.getMessage());
                }
            });
            return drops;
        }

        Improvement improvement(JsonNode node, String field) {
            if (node.isNumber()) {
                return new Improvement(node.asDouble(), false);
            }
            String text = node.isTextual() ? node.asText().strip() : "";
            if (text.endsWith("%")) {
                try {
                    return new Improvement(Double.parseDouble(text.substring(0, text.length() - 1)) / 100, true);
                } catch (NumberFormatException e) {
                    // reported below
                }
            }
            return fail(field, "must be a number (absolute) or a percentage such as \"2%\" (relative), got " + node);
        }
    }
}
