package dev.mlops.training.internal;

import dev.mlops.data.DataException;
import dev.mlops.data.DataTable;
import dev.mlops.data.FeatureType;
import dev.mlops.data.LabeledData;
import dev.mlops.data.Numbers;
import dev.mlops.training.DataIssue;
import dev.mlops.training.DataIssue.Severity;
import dev.mlops.training.DataReport;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The data check before training; see {@link DataReport}. */
public final class DataChecks {

    /** A minority class below this share of the labeled rows is reported. */
    static final double IMBALANCE_SHARE = 0.05;
    /** A categorical column with at least this share of numbers looks like a numeric column with stray text. */
    static final double MOSTLY = 0.9;
    /**
     * The largest magnitude a feature value may have: squares and sums of larger values overflow a
     * double in the standardization and the gradients of training.
     */
    static final double LARGEST_VALUE = 1e150;
    /** A categorical column with more levels than this, and more than half as many as rows, looks like an id. */
    static final int HIGH_CARDINALITY = 50;

    private DataChecks() {
    }

    /**
     * Checks labeled data before training.
     *
     * @param excluded columns that are not features
     * @param folds the cross-validation folds planned (0 for none)
     * @throws DataException if an excluded column is not in the data
     */
    public static DataReport check(LabeledData data, Set<String> excluded, int folds) {
        DataTable table = data.table();
        for (String name : excluded) {
            if (table.type(name).isEmpty()) {
                throw new DataException(data.source(), 0, name, "excluded column is not in the data; columns are "
                        + table.columnNames());
            }
        }
        List<String> labels = data.labels();
        boolean[] labeled = new boolean[labels.size()];
        int labeledRows = 0;
        for (int r = 0; r < labeled.length; r++) {
            labeled[r] = !labels.get(r).isEmpty();
            labeledRows += labeled[r] ? 1 : 0;
        }
        Map<String, Long> counts = data.labelCounts();
        List<DataIssue> issues = new ArrayList<>();
        if (labeledRows < labels.size()) {
            issues.add(issue(Severity.WARNING, "missing-labels", null, (labels.size() - labeledRows) + " of "
                    + labels.size() + " rows have no '" + data.labelColumn() + "' and are left out"));
        }
        if (counts.size() < 2) {
            issues.add(issue(Severity.FATAL, "too-few-classes", data.labelColumn(), "label '" + data.labelColumn()
                    + "' needs at least two classes to learn from, found " + counts.keySet()));
        }
        for (Map.Entry<String, Long> entry : counts.entrySet()) {
            if (entry.getValue() < 2 || entry.getValue() < folds) {
                issues.add(issue(Severity.WARNING, "rare-class", data.labelColumn(), "class '" + entry.getKey()
                        + "' has only " + entry.getValue() + " row" + (entry.getValue() == 1 ? "" : "s")
                        + (entry.getValue() < 2 ? ": it is used for training only, never for testing"
                                : ": some of the " + folds + " folds test without it")));
            } else if (counts.size() >= 2 && entry.getValue() < IMBALANCE_SHARE * labeledRows) {
                issues.add(issue(Severity.WARNING, "imbalance", data.labelColumn(), "class '" + entry.getKey()
                        + "' is " + percent((double) entry.getValue() / labeledRows)
                        + " of the labeled rows; accuracy will say little, look at recall and AUC"));
            }
        }
        List<String> features = new ArrayList<>();
        int usable = 0;
        for (String name : table.columnNames()) {
            if (name.equals(data.labelColumn()) || excluded.contains(name)) {
                continue;
            }
            features.add(name);
            usable += checkColumn(table, name, labeled, labeledRows, issues) ? 1 : 0;
        }
        if (usable == 0 && labeledRows > 0) {
            issues.add(issue(Severity.FATAL, "no-features", null, "no usable feature column: every column is the label,"
                    + " excluded, constant or empty"));
        }
        return new DataReport(labels.size(), labeledRows, counts, features, issues);
    }

    /** Checks one column over the labeled rows; false when it cannot be a feature. */
    private static boolean checkColumn(DataTable table, String name, boolean[] labeled, int labeledRows,
            List<DataIssue> issues) {
        int missing = 0;
        Set<Object> distinct = new HashSet<>();
        if (table.type(name).orElseThrow() == FeatureType.NUMERIC) {
            double[] values = table.numeric(name).orElseThrow();
            int largest = -1;
            for (int r = 0; r < values.length; r++) {
                if (labeled[r]) {
                    if (Double.isNaN(values[r])) {
                        missing++;
                    } else if (distinct.size() < 2) {
                        distinct.add(values[r]);
                    }
                    if (Math.abs(values[r]) > LARGEST_VALUE && largest < 0) {
                        largest = r;
                    }
                }
            }
            if (largest >= 0) {
                issues.add(issue(Severity.FATAL, "too-large", name, "column '" + name + "' holds "
                        + values[largest] + " (data row " + (largest + 1) + "), beyond the \u00b1"
                        + LARGEST_VALUE + " that training can compute with; rescale the column"));
            }
        } else {
            List<String> values = table.categorical(name).orElseThrow();
            for (int r = 0; r < values.size(); r++) {
                if (labeled[r]) {
                    String value = values.get(r);
                    if (value.isEmpty()) {
                        missing++;
                    }
                    distinct.add(value);  // the missing level counts as a level
                }
            }
            mostlyNumbers(name, values, labeled, issues);
            if (distinct.size() > HIGH_CARDINALITY && distinct.size() > labeledRows / 2) {
                issues.add(issue(Severity.WARNING, "high-cardinality", name, "categorical column '" + name + "' has "
                        + distinct.size() + " distinct values in " + labeledRows
                        + " rows; if it is an identifier, exclude it"));
            }
        }
        if (labeledRows > 0 && missing == labeledRows) {
            issues.add(issue(Severity.WARNING, "all-missing", name, "column '" + name + "' has no values; it is not used"));
            return false;
        }
        if (distinct.size() <= 1) {
            issues.add(issue(Severity.WARNING, "constant", name, "column '" + name + "' has a single value; it is not used"));
            return false;
        }
        if (missing > 0) {
            boolean numeric = table.type(name).orElseThrow() == FeatureType.NUMERIC;
            issues.add(issue(Severity.WARNING, "missing-values", name, "column '" + name + "' misses " + missing + " of "
                    + labeledRows + " values; " + (numeric ? "they are filled with the mean of the training rows"
                            : "missing is treated as a category of its own")));
        }
        return true;
    }

    /**
     * Reports a categorical column whose cells are nearly all numbers: a few stray texts ("n/a",
     * "?") made the whole column categorical, which the user most likely did not mean.
     */
    private static void mostlyNumbers(String name, List<String> values, boolean[] labeled, List<DataIssue> issues) {
        int present = 0;
        int numbers = 0;
        int firstText = -1;
        for (int r = 0; r < values.size(); r++) {
            String value = values.get(r).strip();
            if (!labeled[r] || value.isEmpty()) {
                continue;
            }
            present++;
            if (Numbers.isNumber(value)) {
                numbers++;
            } else if (firstText < 0) {
                firstText = r;
            }
        }
        if (present > 0 && numbers < present && numbers >= MOSTLY * present) {
            issues.add(issue(Severity.WARNING, "mostly-numeric", name, "column '" + name + "' is categorical because "
                    + (present - numbers) + " of " + present + " values are not numbers (first: '" + values.get(firstText)
                    + "' in data row " + (firstText + 1) + "); if they mean missing, leave those cells empty"));
        }
    }

    private static DataIssue issue(Severity severity, String kind, String column, String message) {
        return new DataIssue(severity, kind, Optional.ofNullable(column), message);
    }

    private static String percent(double share) {
        return String.format(java.util.Locale.ROOT, "%.1f%%", 100 * share);
    }
}
