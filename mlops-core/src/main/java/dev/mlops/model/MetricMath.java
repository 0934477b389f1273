package dev.mlops.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The arithmetic behind {@link ClassificationMetrics}, on labels coded as indices into the label
 * list so that resampling (bootstrap) does not convert strings again.
 */
final class MetricMath {

    /** Probabilities are clipped to [EPS, 1 − EPS] for log loss, as scikit-learn 1.2 does. */
    static final double LOG_LOSS_EPS = 1e-15;

    private MetricMath() {
    }

    /** See {@link ClassificationMetrics#compute}. */
    static ClassificationMetrics compute(List<String> labels, Optional<String> positiveClass,
            List<String> actual, List<String> predicted, double[][] probabilities) {
        Outcomes coded = Outcomes.of(labels, positiveClass, actual, predicted, probabilities);
        long[][] confusion = confusion(coded.labelCount(), coded.actual(), coded.predicted());
        List<List<Long>> counts = new ArrayList<>();
        for (long[] row : confusion) {
            counts.add(Arrays.stream(row).boxed().toList());
        }
        return new ClassificationMetrics(labels, positiveClass, coded.actual().length,
                coded.value(Metric.ACCURACY), coded.value(Metric.PRECISION), coded.value(Metric.RECALL),
                coded.value(Metric.F1), coded.value(Metric.AUC), coded.value(Metric.LOG_LOSS),
                new ConfusionMatrix(labels, counts));
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

    static double pick(double[] precisionRecallF1, Metric metric) {
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
