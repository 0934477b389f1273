package dev.mlops.training;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What the check before training found: sizes, label balance, and issues (constant and all-missing
 * columns are dropped; missing labels leave their rows out; too few classes or no usable column
 * are fatal).
 *
 * @param rows all rows
 * @param labeledRows rows with a label, the ones training uses
 * @param labelCounts rows per label, sorted by label
 * @param featureColumns the columns offered as features (all but the label and the excluded ones)
 * @param issues what was found, in column order
 */
public record DataReport(int rows, int labeledRows, Map<String, Long> labelCounts, List<String> featureColumns,
        List<DataIssue> issues) {

    public DataReport {
        labelCounts = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(labelCounts));
        featureColumns = List.copyOf(featureColumns);
        issues = List.copyOf(issues);
    }

    /** Whether an issue prevents training. */
    public boolean fatal() {
        return issues.stream().anyMatch(i -> i.severity() == DataIssue.Severity.FATAL);
    }

    /** The issues of one severity. */
    public List<DataIssue> issues(DataIssue.Severity severity) {
        return issues.stream().filter(i -> i.severity() == severity).toList();
    }

    /** The fatal issues' messages joined by "; ", empty when there are none. */
    public String fatalSummary() {
        return issues(DataIssue.Severity.FATAL).stream().map(DataIssue::message).collect(Collectors.joining("; "));
    }
}
