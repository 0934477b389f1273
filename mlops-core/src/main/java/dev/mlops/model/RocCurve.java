package dev.mlops.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The receiver operating characteristic of a binary classifier's scores, as
 * {@code sklearn.metrics.roc_curve(y_true, y_score, drop_intermediate=True)} computes it: one point
 * per distinct score, highest score first, starting at (0, 0) with threshold +∞ (scikit-learn 1.3
 * and later; 1.2 wrote the highest score + 1); then the points where the second difference of
 * both the false and the true positive counts is 0 are dropped, as scikit-learn drops them.
 *
 * @param positiveClass the label whose probability is the score
 * @param falsePositiveRate per point, false positives / negatives, rising from 0 to 1
 * @param truePositiveRate per point, true positives / positives, rising from 0 to 1
 * @param thresholds per point, the score at or above which a row is predicted positive; falling
 */
public record RocCurve(String positiveClass, List<Double> falsePositiveRate, List<Double> truePositiveRate,
        List<Double> thresholds) {

    /**
     * @throws IllegalArgumentException unless the three lists have one entry per point, at least two
     */
    public RocCurve {
        Objects.requireNonNull(positiveClass, "positiveClass");
        falsePositiveRate = List.copyOf(falsePositiveRate);
        truePositiveRate = List.copyOf(truePositiveRate);
        thresholds = List.copyOf(thresholds);
        if (falsePositiveRate.size() < 2 || truePositiveRate.size() != falsePositiveRate.size()
                || thresholds.size() != falsePositiveRate.size()) {
            throw new IllegalArgumentException("a ROC curve needs the same number (at least 2) of false positive"
                    + " rates, true positive rates and thresholds, got " + falsePositiveRate.size() + ", "
                    + truePositiveRate.size() + " and " + thresholds.size());
        }
    }

    /**
     * The curve of a binary model's predictions, scored by the probability of its positive class.
     *
     * @param actual the actual label of each predicted row, in the same order
     * @throws IllegalArgumentException if the model is not binary, the sizes differ, or the actual
     *     labels are not both present (the curve is undefined with one class)
     */
    public static RocCurve of(Predictions predictions, List<String> actual) {
        String positive = predictions.positiveClass().orElseThrow(() -> new IllegalArgumentException(
                "a ROC curve needs a binary model with a positive class; labels are " + predictions.labels()));
        if (actual.size() != predictions.size()) {
            throw new IllegalArgumentException(actual.size() + " actual labels for " + predictions.size()
                    + " predictions");
        }
        boolean[] isPositive = new boolean[actual.size()];
        double[] scores = new double[actual.size()];
        for (int r = 0; r < scores.length; r++) {
            isPositive[r] = actual.get(r).equals(positive);
            scores[r] = predictions.probability(r, positive);
        }
        return of(positive, isPositive, scores);
    }

    /**
     * The curve of scores for "actual is positive".
     *
     * @param positiveClass names the positive class
     * @param positive per row, whether the actual label is the positive class
     * @param scores per row, the score (higher: more likely positive); finite
     * @throws IllegalArgumentException if the lengths differ, a score is not finite, or the rows are
     *     not of both classes
     */
    public static RocCurve of(String positiveClass, boolean[] positive, double[] scores) {
        if (positive.length != scores.length) {
            throw new IllegalArgumentException(positive.length + " classes for " + scores.length + " scores");
        }
        int n = scores.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(scores[i])) {
                throw new IllegalArgumentException("score of row " + i + " is not finite: " + scores[i]);
            }
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> scores[i]).reversed());
        // cumulative counts at the last row of each run of equal scores
        List<long[]> counts = new ArrayList<>();
        List<Double> cuts = new ArrayList<>();
        long truePositives = 0;
        for (int i = 0; i < n; i++) {
            truePositives += positive[order[i]] ? 1 : 0;
            if (i == n - 1 || scores[order[i + 1]] != scores[order[i]]) {
                counts.add(new long[] {i + 1 - truePositives, truePositives});
                cuts.add(scores[order[i]]);
            }
        }
        long positives = truePositives;
        long negatives = n - positives;
        if (positives == 0 || negatives == 0) {
            throw new IllegalArgumentException("a ROC curve needs rows of both classes; there are " + positives
                    + " positive and " + negatives + " negative rows");
        }
        List<Double> fpr = new ArrayList<>(List.of(0.0));
        List<Double> tpr = new ArrayList<>(List.of(0.0));
        List<Double> thresholds = new ArrayList<>(List.of(Double.POSITIVE_INFINITY));
        int m = counts.size();
        for (int k = 0; k < m; k++) {
            if (m > 2 && k > 0 && k < m - 1 && collinear(counts.get(k - 1), counts.get(k), counts.get(k + 1))) {
                continue;
            }
            fpr.add((double) counts.get(k)[0] / negatives);
            tpr.add((double) counts.get(k)[1] / positives);
            thresholds.add(cuts.get(k));
        }
        return new RocCurve(positiveClass, fpr, tpr, thresholds);
    }

    /** scikit-learn's test: both second differences are 0. */
    private static boolean collinear(long[] before, long[] at, long[] after) {
        return before[0] - 2 * at[0] + after[0] == 0 && before[1] - 2 * at[1] + after[1] == 0;
    }

    /** The number of points. */
    public int size() {
        return thresholds.size();
    }

    /** The area under the curve by the trapezoidal rule (equals the rank-based AUC of the metrics). */
    public double area() {
        double area = 0;
        for (int i = 1; i < size(); i++) {
            area += (falsePositiveRate.get(i) - falsePositiveRate.get(i - 1))
                    * (truePositiveRate.get(i) + truePositiveRate.get(i - 1)) / 2;
        }
        return area;
    }

    /**
     * At most {@code maxPoints} of the points, evenly spread over the curve and always the first and
     * the last: enough to draw it, small enough to store with every report.
     *
     * @throws IllegalArgumentException if {@code maxPoints} is below 2
     */
    public RocCurve thinned(int maxPoints) {
        if (maxPoints < 2) {
            throw new IllegalArgumentException("a curve needs at least 2 points, got " + maxPoints);
        }
        if (size() <= maxPoints) {
            return this;
        }
        List<Double> fpr = new ArrayList<>();
        List<Double> tpr = new ArrayList<>();
        List<Double> cuts = new ArrayList<>();
        for (int j = 0; j < maxPoints; j++) {
            int i = (int) Math.round((double) j * (size() - 1) / (maxPoints - 1));
            fpr.add(falsePositiveRate.get(i));
            tpr.add(truePositiveRate.get(i));
            cuts.add(thresholds.get(i));
        }
        return new RocCurve(positiveClass, fpr, tpr, cuts);
    }
}
