package dev.mlops.validation.internal;

import dev.mlops.data.DataException;
import dev.mlops.data.DataTable;
import dev.mlops.data.FeatureType;
import dev.mlops.validation.Check;
import dev.mlops.validation.GroupFairness;
import dev.mlops.validation.ProtectedGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
 * @param favorable the favorable label, the good outcome for the person
 * @param maxDifference the largest acceptable difference
 * @param minRatio the smallest acceptable disparate impact ratio
 */
public record FairnessCheck(ProtectedGroup group, String favorable, double maxDifference, double minRatio)
        implements CheckRunner {

    @Override
    public List<Check> run(Evaluation evaluation) {
        GroupFairness rates = groups(evaluation);
        GroupFairness.Group privileged = rates.privileged();
        GroupFairness.Group unprivileged = rates.unprivileged();
        String prefix = "fairness." + group.column() + ".";
        String groups = "favorable '" + rates.favorable() + "'; privileged " + privileged.description() + " ("
                + privileged.rows() + " rows), unprivileged the others (" + unprivileged.rows() + " rows"
                + (rates.leftOut() > 0 ? "; " + rates.leftOut() + " rows without a value left out" : "") + ")";
        List<Check> checks = new ArrayList<>();

        double spd = unprivileged.selectionRate() - privileged.selectionRate();
        checks.add(difference(prefix + "statisticalParityDifference", spd, "favorable prediction rate "
                + Numbers.format(unprivileged.selectionRate()) + " unprivileged vs "
                + Numbers.format(privileged.selectionRate()) + " privileged", groups));

        double di = unprivileged.selectionRate() / privileged.selectionRate();
        boolean diPassed = di >= minRatio && di <= 1 / minRatio;
        checks.add(new Check(prefix + "disparateImpact", di, minRatio, diPassed, "favorable prediction rate ratio "
                + Numbers.format(unprivileged.selectionRate()) + " / " + Numbers.format(privileged.selectionRate())
                + " = " + Numbers.format(di) + (diPassed ? " within " : " outside ") + "[" + Numbers.plain(minRatio)
                + ", " + Numbers.format(1 / minRatio) + "] (the " + Numbers.plain(100 * minRatio) + "% rule); "
                + groups));

        double eod = unprivileged.truePositiveRate() - privileged.truePositiveRate();
        checks.add(difference(prefix + "equalOpportunityDifference", eod, "true positive rate "
                + Numbers.format(unprivileged.truePositiveRate()) + " unprivileged vs "
                + Numbers.format(privileged.truePositiveRate()) + " privileged", groups));

        double tprGap = Math.abs(unprivileged.truePositiveRate() - privileged.truePositiveRate());
        double fprGap = Math.abs(unprivileged.falsePositiveRate() - privileged.falsePositiveRate());
        double eodds = Double.isNaN(tprGap) || Double.isNaN(fprGap) ? Double.NaN : Math.max(tprGap, fprGap);
        boolean oddsPassed = eodds <= maxDifference;
        checks.add(new Check(prefix + "equalizedOddsDifference", eodds, maxDifference, oddsPassed,
                "max(|TPR difference| " + Numbers.format(tprGap) + ", |FPR difference| " + Numbers.format(fprGap) + ") = "
                        + Numbers.format(eodds) + (oddsPassed ? " ≤ " : " > ") + Numbers.plain(maxDifference)
                        + " (FPR " + Numbers.format(unprivileged.falsePositiveRate()) + " unprivileged vs "
                        + Numbers.format(privileged.falsePositiveRate()) + " privileged); " + groups));
        return checks;
    }

    private Check difference(String name, double value, String what, String groups) {
        boolean passed = Math.abs(value) <= maxDifference;
        return new Check(name, value, maxDifference, passed, what + ": difference " + Numbers.signed(value)
                + (passed ? " within ±" : " outside ±") + Numbers.plain(maxDifference) + "; " + groups);
    }

    /**
     * The group rates the checks compare, which the report also shows.
     *
     * @throws DataException if the protected column is not in the data, or an at-least group's column
     *     is not numeric
     * @throws IllegalArgumentException if the favorable label is not one of the model's labels
     */
    public GroupFairness groups(Evaluation evaluation) {
        String column = group.column();
        var table = evaluation.table();
        if (table.type(column).isEmpty()) {
            throw new DataException(evaluation.source(), 0, column, "protected attribute column is not in the data; columns are "
                    + table.columnNames());
        }
        if (!evaluation.model().labels().contains(favorable)) {
            throw new IllegalArgumentException("favorable label '" + favorable + "' is not one of the model's labels "
                    + evaluation.model().labels());
        }
        Boolean[] privileged = membership(evaluation, column);
        String majority = group.rule() == ProtectedGroup.Rule.MAJORITY ? majority(evaluation, column) : "";
        String[] described = switch (group.rule()) {
            case MAJORITY -> new String[] {column + " = '" + majority + "'", column + " ≠ '" + majority + "'"};
            case AT_LEAST -> new String[] {group.describe(), column + " < " + DataTable.text(group.threshold())};
            case EQUAL_TO -> new String[] {group.describe(), group.values().size() == 1
                    ? column + " ≠ '" + group.values().get(0) + "'" : column + " not in " + group.values()};
        };
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
            boolean predictedFav = evaluation.predictions().label(r).equals(favorable);
            boolean actualFav = evaluation.actual().get(r).equals(favorable);
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
        GroupFairness.Group[] groups = new GroupFairness.Group[2];
        for (int g = 0; g < 2; g++) {
            groups[g] = new GroupFairness.Group(described[g], rows[g], ratio(selected[g], rows[g]),
                    ratio(truePositives[g], positives[g]), ratio(falsePositives[g], negatives[g]));
        }
        return new GroupFairness(column, favorable, groups[0], groups[1], leftOut);
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
