package dev.mlops.validation;

import dev.mlops.MlopsException;
import java.util.Objects;
import java.util.stream.Collectors;

/** A model did not pass validation; carries the report. */
public class ValidationFailedException extends MlopsException {

    private final transient ValidationReport report;

    /** The exception for a report that did not pass; the message lists the failed checks. */
    public ValidationFailedException(ValidationReport report) {
        super("validation of " + report.model() + " failed: " + report.failures().stream()
                .map(Check::detail).collect(Collectors.joining("; ")));
        this.report = Objects.requireNonNull(report, "report");
    }

    /** The report. */
    public ValidationReport report() {
        return report;
    }
}
