package dev.mlops.validation.internal;

import dev.mlops.data.DataException;
import dev.mlops.data.FeatureType;
import dev.mlops.validation.Check;
import dev.mlops.validation.ProtectedGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Group fairness of the model's predictions for a protected attribute, with the sign convention
 * "unprivileged minus privileged" (AIF360's): a negative difference, or a ratio below 1, means the
 * unprivileged group receives the favorable outcome less often.
 *
 * <ul>
 *   <li>statistical parity difference: P(ŷ = fav | unprivileged) − P(ŷ = fav | privileged); passes
 *       when |value| ≤ maxDifference;</li>
 *   <li>disparate impact: P(ŷ = fav | unprivileged) / P(ŷ = fav | privileged); passes when it lies in
 *       [minRatio, 1 / minRatio] (the four-fifths rule for minRatio = 0.8, in either direction);</li>
 *   <li>equal opportunity difference: TPR(unprivileged) − TPR(privileged), TPR = P(ŷ = fav | y = fav);
 *       passes when |value| ≤ maxDifference;</li>
 *   <li>equalized odds difference: max(|ΔTPR|, |ΔFPR|), FPR = P(ŷ = fav | y ≠ fav) (fairlearn's
 *       definition); passes when ≤ maxDifference.</li>
 * </ul>
 *
 * Rows whose protected value is missing are left out; an undefined value (an empty group, a zero
 * denominator) fails its check.
 *
 * @param group the protected attribute and privileged group
 * @param favorable the favorable label; empty: the model's positive class
 * @param maxDifference the largest acceptable difference
 * @param minRatio the smallest acceptable disparate impact ratio
 */
public record FairnessCheck(ProtectedGroup group, Optional<String> favorable, double maxDifference, double minRatio)
        implements CheckRunner {

    /**
     * Group rates of one evaluation.
     *
     * @param privilegedRows rows in the privileged group
     * @param unprivilegedRows rows in the unprivileged group
     * @param selection P(ŷ = fav) per group, privileged first
     * @param tpr P(ŷ = fav | y = fav) per group
     * @param fpr P(ŷ = fav | y ≠ fav) per group
     * @param privilegedValue the privileged group in words
     * @param favorableLabel the favorable label
     * @param leftOut rows with a missing protected value
     */
    public record Rates(int privilegedRows, int unprivilegedRows, double[] selection, double[] tpr, double[] fpr,
            String privilegedValue, String favorableLabel, int leftOut) {
    }

    @Override
    public List<Check> run(Evaluation evaluation) {
        Rates rates = rates(evaluation);
        String prefix = "fairness." + group.column() + ".";
        String groups = "favorable '" + rates.favorableLabel() + "'; privileged " + rates.privilegedValue() + " ("
                + rates.privilegedRows() + " rows), unprivileged the others (" + rates.unprivilegedRows() + " rows"
                + (rates.leftOut() > 0 ? "; " + rates.leftOut() + " rows without a value left out" : "") + ")";
        List<Check> checks = new ArrayList<>();

        double spd = rates.selection()[1] - rates.selection()[0];
        checks.add(difference(prefix + "statisticalParityDifference", spd, "favorable prediction rate "
                + Numbers.format(rates.selection()[1]) + " unprivileged vs " + Numbers.format(rates.selection()[0])
                + " privileged", groups));

        double di = rates.selection()[1] / rates.selection()[0];
        boolean diPassed = di >= minRatio && di <= 1 / minRatio;
        checks.add(new Check(prefix + "disparateImpact", di, minRatio, diPassed, "favorable prediction rate ratio "
                + Numbers.format(rates.selection()[1]) + " / " + Numbers.format(rates.selection()[0]) + " = "
                + Numbers.format(di) + (diPassed ? " within " : " outside ") + "[" + Numbers.plain(minRatio) + ", "
                + Numbers.format(1 / minRatio) + "] (the " + Numbers.plain(100 * minRatio) + "% rule); " + groups));

        double eod = rates.tpr()[1] - rates.tpr()[0];
        checks.add(difference(prefix + "equalOpportunityDifference", eod, "true positive rate "
                + Numbers.format(rates.tpr()[1]) + " unprivileged vs " + Numbers.format(rates.tpr()[0]) + " privileged",
                groups));

        double tprGap = Math.abs(rates.tpr()[1] - rates.tpr()[0]);
        double fprGap = Math.abs(rates.fpr()[1] - rates.fpr()[0]);
        double eodds = Double.isNaN(tprGap) || Double.isNaN(fprGap) ? Double.NaN : Math.max(tprGap, fprGap);
        boolean oddsPassed = eodds <= maxDifference;
        checks.add(new Check(prefix + "equalizedOddsDifference", eodds, maxDifference, oddsPassed,
                "max(|TPR difference| " + Numbers.format(tprGap) + ", |FPR difference| " + Numbers.format(fprGap) + ") = "
                        + Numbers.format(eodds) + (oddsPassed ? " ≤ " : " > ") + Numbers.plain(maxDifference)
                        + " (FPR " + Numbers.format(rates.fpr()[1]) + " unprivileged vs "
                        + Numbers.format(rates.fpr()[0]) + " privileged); " + groups));
        return checks;
    }

    private Check difference(String name, double value, String what, String groups) {
        boolean passed = Math.abs(value) <= maxDifference;
        return new Check(name, value, maxDifference, passed, what + ": difference " + Numbers.signed(value)
                + (passed ? " within ±" : " outside ±") + Numbers.plain(maxDifference) + "; " + groups);
    }

    /**
     * The group rates.
     *
     * @throws DataException if the protected column is not in the data, or an at-least group's column
     *     is not numeric
     */
    private Rates rates(Evaluation evaluation) {
        String column = group.column();
        var table = evaluation.table();
        if (table.type(column).isEmpty()) {
            throw new DataException(evaluation.source(), 0, column, "protected attribute column is not in the data; columns are "
                    + table.columnNames());
        }
        String fav = favorable.or(() -> evaluation.model().positiveClass()).orElseThrow(() -> new IllegalArgumentException(
                "a multiclass model has no positive class: name the favorable label for fairness checks"));
        if (!evaluation.model().labels().contains(fav)) {
            throw new IllegalArgumentException("favorable label '" + fav + "' is not one of the model's labels "
                    + evaluation.model().labels());
        }
        Boolean[] privileged = membership(evaluation, column);
        String describe = group.rule() == ProtectedGroup.Rule.MAJORITY ? column + " = '" + majority(evaluation, column) + "'"
                : group.describe();
        int[] rows = new int[2];
        long[] selected = new long[2];
        long[] positives = new long[2];
        long[] truePositives = new long[2];
        long[] negatives = new long[2];
        long[] falsePositives = new long[2];
        int leftOut = 0;
        for (int r = 0; r < privileged.length; r++) {
            if (privileged[r] == null) {
                leftOut++;
                continue;
            }
            int g = privileged[r] ? 0 : 1;
            boolean predictedFav = evaluation.predictions().label(r).equals(fav);
            boolean actualFav = evaluation.actual().get(r).equals(fav);
            rows[g]++;
            selected[g] += predictedFav ? 1 : 0;
            if (actualFav) {
                positives[g]++;
                truePositives[g] += predictedFav ? 1 : 0;
            } else {
                negatives[g]++;
                falsePositives[g] += predictedFav ? 1 : 0;
            }
        }
        return new Rates(rows[0], rows[1],
                new double[] {ratio(selected[0], rows[0]), ratio(selected[1], rows[1])},
                new double[] {ratio(truePositives[0], positives[0]), ratio(truePositives[1], positives[1])},
                new double[] {ratio(falsePositives[0], negatives[0]), ratio(falsePositives[1], negatives[1])},
                describe, fav, leftOut);
    }

    private static double ratio(long count, long total) {
        return total == 0 ? Double.NaN : (double) count / total;
    }

    /** Per row: true privileged, false unprivileged, null missing. */
    private Boolean[] membership(Evaluation evaluation, String column) {
        var table = evaluation.table();
        Boolean[] privileged = new Boolean[table.rowCount()];
        if (group.rule() == ProtectedGroup.Rule.AT_LEAST) {
            if (table.type(column).orElseThrow() != FeatureType.NUMERIC) {
                throw new DataException(evaluation.source(), 0, column, "protected attribute must be numeric for '"
                        + group.describe() + "'");
            }
            double[] values = table.numeric(column).orElseThrow();
            for (int r = 0; r < values.length; r++) {
                privileged[r] = Double.isNaN(values[r]) ? null : values[r] >= group.threshold();
            }
            return privileged;
        }
        List<String> values = table.text(column);
        List<String> privilegedValues = group.rule() == ProtectedGroup.Rule.MAJORITY
                ? List.of(majority(evaluation, column)) : group.values();
        for (int r = 0; r < values.size(); r++) {
            privileged[r] = values.get(r).isEmpty() ? null : privilegedValues.contains(values.get(r));
        }
        return privileged;
    }

    private static String majority(Evaluation evaluation, String column) {
        Map<String, Integer> counts = new TreeMap<>();
        for (String value : evaluation.table().text(column)) {
            if (!value.isEmpty()) {
                counts.merge(value, 1, Integer::sum);
            }
        }
        String best = "";
        int most = 0;
        for (Map.Entry<String, Integer> entry : counts.entrySet()) {
            if (entry.getValue() > most) {
                best = entry.getKey();
                most = entry.getValue();
            }
        }
        return best;
    }
}
