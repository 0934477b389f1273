package dev.mlops.model;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Predictions next to the actual labels, coded as label indices: what metrics are computed from,
 * fast enough to recompute on thousands of resamples (bootstrap tests).
 *
 * @param labelCount how many labels
 * @param positive index of the positive class, or -1 for multiclass
 * @param actual actual label index per row
 * @param predicted predicted label index per row
 * @param probabilities per row, the probability of each label
 */
public record Outcomes(int labelCount, int positive, int[] actual, int[] predicted, double[][] probabilities) {

    /**
     * Codes string labels.
     *
     * @throws IllegalArgumentException on disagreeing lengths or unknown labels
     */
    public static Outcomes of(List<String> labels, Optional<String> positiveClass, List<String> actual,
            List<String> predicted, double[][] probabilities) {
        if (labels.size() < 2) {
            throw new IllegalArgumentException("metrics need at least two labels, got " + labels);
        }
        if (labels.size() == 2 && positiveClass.isEmpty()) {
            throw new IllegalArgumentException("a binary problem needs a positive class");
        }
        if (labels.size() > 2 && positiveClass.isPresent()) {
            throw new IllegalArgumentException("a multiclass problem has no positive class, got '"
                    + positiveClass.get() + "'");
        }
        if (actual.size() != predicted.size() || actual.size() != probabilities.length) {
            throw new IllegalArgumentException(actual.size() + " actual labels, " + predicted.size()
                    + " predicted labels and " + probabilities.length + " probability rows");
        }
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < labels.size(); i++) {
            index.put(labels.get(i), i);
        }
        int positive = positiveClass.map(p -> code(index, p, labels, "positive class")).orElse(-1);
        int[] a = new int[actual.size()];
        int[] p = new int[actual.size()];
        for (int r = 0; r < a.length; r++) {
            a[r] = code(index, actual.get(r), labels, "actual label of row " + r);
            p[r] = code(index, predicted.get(r), labels, "predicted label of row " + r);
            if (probabilities[r].length != labels.size()) {
                throw new IllegalArgumentException("row " + r + " has " + probabilities[r].length
                        + " probabilities for " + labels.size() + " labels");
            }
        }
        return new Outcomes(labels.size(), positive, a, p, probabilities);
    }

    private static int code(Map<String, Integer> index, String label, List<String> labels, String what) {
        Integer i = index.get(label);
        if (i == null) {
            throw new IllegalArgumentException(what + " '" + label + "' is not one of " + labels);
        }
        return i;
    }

    /** The rows at these indices (repeats allowed), for resampling. */
    public Outcomes rows(int[] indices) {
        int[] a = new int[indices.length];
        int[] p = new int[indices.length];
        double[][] prob = new double[indices.length][];
        for (int i = 0; i < indices.length; i++) {
            a[i] = actual[indices[i]];
            p[i] = predicted[indices[i]];
            prob[i] = probabilities[indices[i]];
        }
        return new Outcomes(labelCount, positive, a, p, prob);
    }

    /** The value of one metric on these rows. */
    public double value(Metric metric) {
        return switch (metric) {
            case ACCURACY -> MetricMath.accuracy(actual, predicted);
            case PRECISION, RECALL, F1 -> precisionRecallF1(metric);
            case AUC -> auc();
            case LOG_LOSS -> MetricMath.logLoss(actual, probabilities);
        };
    }

    private double precisionRecallF1(Metric metric) {
        long[][] c = MetricMath.confusion(labelCount, actual, predicted);
        if (positive >= 0) {
            return MetricMath.pick(MetricMath.perClass(c, positive), metric);
        }
        boolean[] present = new boolean[labelCount];
        for (int r = 0; r < actual.length; r++) {
            present[actual[r]] = true;
            present[predicted[r]] = true;
        }
        double sum = 0;
        int n = 0;
        for (int k = 0; k < labelCount; k++) {
            if (present[k]) {
                sum += MetricMath.pick(MetricMath.perClass(c, k), metric);
                n++;
            }
        }
        return n == 0 ? 0 : sum / n;
    }

    private double auc() {
        if (positive >= 0) {
            return MetricMath.binaryAuc(actual, positive, column(positive));
        }
        double sum = 0;
        for (int k = 0; k < labelCount; k++) {
            double auc = MetricMath.binaryAuc(actual, k, column(k));
            if (Double.isNaN(auc)) {
                return Double.NaN;
            }
            sum += auc;
        }
        return sum / labelCount;
    }

    private double[] column(int k) {
        double[] scores = new double[probabilities.length];
        for (int r = 0; r < scores.length; r++) {
            scores[r] = probabilities[r][k];
        }
        return scores;
    }
}
