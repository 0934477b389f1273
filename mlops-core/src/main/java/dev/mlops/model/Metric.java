package dev.mlops.model;

import java.util.Arrays;
import java.util.Locale;

/**
 * The classification metrics the trainer reports and the validator checks. Binary metrics are
 * computed on the positive class; multiclass ones are macro averages (see
 * {@link ClassificationMetrics} for the exact definitions).
 */
public enum Metric {
    /** Fraction of rows whose predicted label is the actual one. */
    ACCURACY("accuracy", "accuracy", true),
    /** Positive predictive value; multiclass: macro average. */
    PRECISION("precision", "precision", true),
    /** True positive rate; multiclass: macro average. */
    RECALL("recall", "recall", true),
    /** Harmonic mean of precision and recall; multiclass: mean of the per-class F1. */
    F1("f1", "F1", true),
    /** Area under the ROC curve; multiclass: macro average one-vs-rest. */
    AUC("auc", "AUC", true),
    /** Mean negative natural log of the probability given to the actual label. */
    LOG_LOSS("logLoss", "log loss", false);

    private final String jsonName;
    private final String displayName;
    private final boolean higherIsBetter;

    Metric(String jsonName, String displayName, boolean higherIsBetter) {
        this.jsonName = jsonName;
        this.displayName = displayName;
        this.higherIsBetter = higherIsBetter;
    }

    /** The name in sentences, e.g. {@code AUC}, {@code log loss}. */
    public String displayName() {
        return displayName;
    }

    /** The name used in JSON documents and on the command line, e.g. {@code auc}, {@code logLoss}. */
    public String jsonName() {
        return jsonName;
    }

    /** Whether a larger value means a better model (false only for log loss). */
    public boolean higherIsBetter() {
        return higherIsBetter;
    }

    /**
     * The metric with this name, ignoring case, {@code -} and {@code _}: {@code auc},
     * {@code logLoss}, {@code log_loss} and {@code LOG-LOSS} all work.
     *
     * @throws IllegalArgumentException for an unknown name, listing the known ones
     */
    public static Metric parse(String name) {
        String wanted = normalize(name);
        for (Metric metric : values()) {
            if (normalize(metric.jsonName).equals(wanted) || normalize(metric.name()).equals(wanted)) {
                return metric;
            }
        }
        throw new IllegalArgumentException("unknown metric '" + name + "'; known: "
                + Arrays.stream(values()).map(Metric::jsonName).toList());
    }

    private static String normalize(String name) {
        return name.replace("_", "").replace("-", "").toLowerCase(Locale.ROOT).strip();
    }
}
