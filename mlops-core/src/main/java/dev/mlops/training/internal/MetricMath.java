package dev.mlops.training.internal;

import dev.mlops.training.ClassificationMetrics;
import dev.mlops.training.ConfusionMatrix;
import dev.mlops.training.Metric;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The arithmetic behind {@link ClassificationMetrics}, on labels coded as indices into the label
 * list so that resampling (bootstrap) does not convert strings again.
 */
public final class MetricMath {

    /** Probabilities are clipped to [EPS, 1 − EPS] for log loss, as scikit-learn 1.2 does. */
    static final double LOG_LOSS_EPS = 1e-15;

    private MetricMath() {
    }

    /** See {@link ClassificationMetrics#compute}. */
    public static ClassificationMetrics compute(List<String> labels, Optional<String> positiveClass,
            List<String> actual, List<String> predicted, double[][] probabilities) {
        Coded coded = Coded.of(labels, positiveClass, actual, predicted, probabilities);
        long[][] confusion = confusion(coded.labelCount, coded.actual, coded.predicted);
        List<List<Long>> counts = new ArrayList<>();
        for (long[] row : confusion) {
            counts.add(Arrays.stream(row).boxed().toList());
        }
        return new ClassificationMetrics(labels, positiveClass, coded.actual.length,
                coded.value(Metric.ACCURACY), coded.value(Metric.PRECISION), coded.value(Metric.RECALL),
                coded.value(Metric.F1), coded.value(Metric.AUC), coded.value(Metric.LOG_LOSS),
                new ConfusionMatrix(labels, counts));
    }

    /**
     * Predictions coded as label indices.
     *
     * @param labelCount how many labels
     * @param positive index of the positive class, or -1 for multiclass
     * @param actual actual label index per row
     * @param predicted predicted label index per row
     * @param probabilities per row, the probability of each label
     */
    public record Coded(int labelCount, int positive, int[] actual, int[] predicted, double[][] probabilities) {

        /**
         * Codes string labels.
         *
         * @throws IllegalArgumentException on disagreeing lengths or unknown labels
         */
        public static Coded of(List<String> labels, Optional<String> positiveClass, List<String> actual,
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
            return new Coded(labels.size(), positive, a, p, probabilities);
        }

        private static int code(Map<String, Integer> index, String label, List<String> labels, String what) {
            Integer i = index.get(label);
            if (i == null) {
                throw new IllegalArgumentException(what + " '" + label + "' is not one of " + labels);
            }
            return i;
        }

        /** The rows at these indices (repeats allowed), for resampling. */
        public Coded rows(int[] indices) {
            int[] a = new int[indices.length];
            int[] p = new int[indices.length];
            double[][] prob = new double[indices.length][];
            for (int i = 0; i < indices.length; i++) {
                a[i] = actual[indices[i]];
                p[i] = predicted[indices[i]];
                prob[i] = probabilities[indices[i]];
            }
            return new Coded(labelCount, positive, a, p, prob);
        }

        /** The value of one metric on these rows. */
        public double value(Metric metric) {
            return switch (metric) {
                case ACCURACY -> accuracy(actual, predicted);
                case PRECISION, RECALL, F1 -> precisionRecallF1(metric);
                case AUC -> auc();
                case LOG_LOSS -> logLoss(actual, probabilities);
            };
        }

        private double precisionRecallF1(Metric metric) {
            long[][] c = confusion(labelCount, actual, predicted);
            if (positive >= 0) {
                return pick(perClass(c, positive), metric);
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
                    sum += pick(perClass(c, k), metric);
                    n++;
                }
            }
            return n == 0 ? 0 : sum / n;
        }

        private double auc() {
            if (positive >= 0) {
                return binaryAuc(actual, positive, column(positive));
            }
            double sum = 0;
            for (int k = 0; k < labelCount; k++) {
                double auc = binaryAuc(actual, k, column(k));
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

    static long[][] confusion(int labelCount, int[] actual, int[] predicted) {
        long[][] c = new long[labelCount][labelCount];
        for (int r = 0; r < actual.length; r++) {
            c[actual[r]][predicted[r]]++;
        }
        return c;
    }

    static double accuracy(int[] actual, int[] predicted) {
        if (actual.length == 0) {
            return Double.NaN;
        }
        long correct = 0;
        for (int r = 0; r < actual.length; r++) {
            if (actual[r] == predicted[r]) {
                correct++;
            }
        }
        return (double) correct / actual.length;
    }

    private static double pick(double[] precisionRecallF1, Metric metric) {
        return switch (metric) {
            case PRECISION -> precisionRecallF1[0];
            case RECALL -> precisionRecallF1[1];
            case F1 -> precisionRecallF1[2];
            default -> throw new IllegalArgumentException(metric + " is not a per-class metric");
        };
    }

    /** Precision, recall and F1 of class {@code k}, each 0 where its denominator is 0. */
    static double[] perClass(long[][] c, int k) {
        long tp = c[k][k];
        long predictedK = 0;
        long actualK = 0;
        for (int i = 0; i < c.length; i++) {
            predictedK += c[i][k];
            actualK += c[k][i];
        }
        double precision = predictedK == 0 ? 0 : (double) tp / predictedK;
        double recall = actualK == 0 ? 0 : (double) tp / actualK;
        double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        return new double[] {precision, recall, f1};
    }

    /**
     * ROC AUC of {@code scores} for "actual is {@code positive}", as the Mann-Whitney statistic with
     * average ranks for ties (equal to the area under the trapezoidal ROC curve); {@code NaN} unless
     * both classes occur.
     */
    static double binaryAuc(int[] actual, int positive, double[] scores) {
        int n = scores.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (x, y) -> Double.compare(scores[x], scores[y]));
        double positiveRankSum = 0;
        long positives = 0;
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && scores[order[j + 1]] == scores[order[i]]) {
                j++;
            }
            double averageRank = (i + j) / 2.0 + 1;  // 1-based ranks i+1 .. j+1
            for (int t = i; t <= j; t++) {
                if (actual[order[t]] == positive) {
                    positiveRankSum += averageRank;
                    positives++;
                }
            }
            i = j + 1;
        }
        long negatives = n - positives;
        if (positives == 0 || negatives == 0) {
            return Double.NaN;
        }
        return (positiveRankSum - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
    }

    static double logLoss(int[] actual, double[][] probabilities) {
        if (actual.length == 0) {
            return Double.NaN;
        }
        double total = 0;
        for (int r = 0; r < actual.length; r++) {
            double[] row = probabilities[r];
            double sum = 0;
            for (double p : row) {
                sum += clip(p);
            }
            total += -Math.log(clip(row[actual[r]]) / sum);
        }
        return total / actual.length;
    }

    private static double clip(double p) {
        return Math.min(Math.max(p, LOG_LOSS_EPS), 1 - LOG_LOSS_EPS);
    }
}
