package dev.mlops.validation;

import dev.mlops.registry.Evidence;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.validation.internal.ReportHtml;
import dev.mlops.validation.internal.ReportJson;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of validating a model on labeled data: every check with its value, threshold,
 * verdict and reason, and the metrics of the model (and of the champion) on that data. Passed
 * when every check passed.
 *
 * @param model what was validated, e.g. {@code churn:4}
 * @param champion what it was compared with, if anything
 * @param source the evaluation data's name
 * @param dataFingerprint the evaluation data's SHA-256
 * @param rows the labeled rows evaluated
 * @param positiveClass the positive class of a binary model
 * @param metrics the model's metrics on the data, by JSON name ({@code NaN}: undefined)
 * @param championMetrics the champion's metrics on the same rows (empty without a champion)
 * @param checks the checks, in the order they were configured
 * @param createdAt when the report was made
 */
public record ValidationReport(String model, Optional<String> champion, String source, String dataFingerprint, int rows,
        Optional<String> positiveClass, Map<String, Double> metrics, Map<String, Double> championMetrics,
        List<Check> checks, Instant createdAt) {

    /** The evidence kind reports are stored under: {@value}. */
    public static final String EVIDENCE_KIND = "validation-report";

    public ValidationReport {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(champion, "champion");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(dataFingerprint, "dataFingerprint");
        Objects.requireNonNull(positiveClass, "positiveClass");
        metrics = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
        championMetrics = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(championMetrics));
        checks = List.copyOf(checks);
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /** Whether every check passed (a report without checks passes nothing: see {@link ValidationGate}). */
    public boolean passed() {
        return checks.stream().allMatch(Check::passed);
    }

    /** The checks that failed, in order. */
    public List<Check> failures() {
        return checks.stream().filter(c -> !c.passed()).toList();
    }

    /** The check of this name. */
    public Optional<Check> check(String name) {
        return checks.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /**
     * Throws unless the report passed.
     *
     * @throws ValidationFailedException listing the failed checks
     */
    public ValidationReport requirePassed() {
        if (!passed()) {
            throw new ValidationFailedException(this);
        }
        return this;
    }

    /**
     * The JSON document of {@code mlops validate}: {@code {"passed","checks":[{"name","value",
     * "threshold","passed","detail"}]}} and beyond those {@code model, champion, data:{source,
     * fingerprint, rows}, positiveClass, metrics, championMetrics, createdAt}. Undefined numbers
     * are {@code null}.
     */
    public String toJson() {
        return ReportJson.write(this);
    }

    /**
     * Reads a document {@link #toJson()} wrote.
     *
     * @throws IllegalArgumentException when the text is not one
     */
    public static ValidationReport fromJson(String json) {
        return ReportJson.read(json);
    }

    /** A self-contained HTML page (no scripts, no external resources) showing the report. */
    public String toHtml() {
        return ReportHtml.write(this);
    }

    /** Plain text: the verdict, then one line per check ({@code PASS}/{@code FAIL}, name, detail). */
    public String toText() {
        StringBuilder text = new StringBuilder(model).append(passed() ? ": passed" : ": FAILED")
                .append(" (").append(checks.size()).append(" checks, ").append(rows).append(" rows of ")
                .append(source).append(")\n");
        for (Check check : checks) {
            text.append(check.passed() ? "  PASS  " : "  FAIL  ").append(check.name()).append(": ")
                    .append(check.detail()).append('\n');
        }
        return text.toString();
    }

    /**
     * Stores the report with a version (evidence kind {@value #EVIDENCE_KIND}), where
     * {@link ValidationGate} finds it.
     *
     * @return the stored evidence
     */
    public Evidence attachTo(ModelRegistry registry, String name, int version) {
        return registry.attachEvidence(name, version, EVIDENCE_KIND, toJson());
    }
}
