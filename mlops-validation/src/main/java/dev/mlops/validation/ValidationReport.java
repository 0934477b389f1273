package dev.mlops.validation;

import dev.mlops.model.ConfusionMatrix;
import dev.mlops.model.RocCurve;
import dev.mlops.registry.Evidence;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.validation.internal.ReportHtml;
import dev.mlops.validation.internal.ReportJson;
import dev.mlops.validation.internal.ReportText;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of validating a model on labeled data: every check with its value, threshold,
 * verdict and reason, the checks skipped for want of a champion, the metrics of the model (and of
 * the champion) on that data, and what the report's charts draw: the confusion matrix, the ROC
 * curves and the group rates behind the fairness checks. Passed when every check that ran passed.
 *
 * @param model what was validated, e.g. {@code churn:4}
 * @param artifactSha256 the SHA-256 of the registered artifact that was validated, empty when the
 *     model was not read from a registry; a registry counts the report as evidence only for a
 *     version with this digest
 * @param champion what it was compared with, if anything
 * @param source the evaluation data's name
 * @param dataFingerprint the evaluation data's SHA-256
 * @param rows the labeled rows evaluated
 * @param positiveClass the positive class of a binary model
 * @param metrics the model's metrics on the data, by JSON name ({@code NaN}: undefined)
 * @param championMetrics the champion's metrics on the same rows (empty without a champion)
 * @param checks the checks that ran, in the order they were configured
 * @param skipped the checks that did not run, and why (comparisons while there is no champion yet)
 * @param confusionMatrix the model's counts by actual and predicted label
 * @param roc the model's ROC curve (binary models, rows of both classes), at most a few hundred points
 * @param championRoc the champion's ROC curve on the same rows, scored for the same positive class
 * @param fairness per protected attribute of a fairness check, the group rates it compared
 * @param createdAt when the report was made
 * @param importance the permutation importance of the model's feature columns on the same rows, when
 *     the validator was asked for it ({@link Validator.Builder#importance})
 */
public record ValidationReport(String model, String artifactSha256, Optional<String> champion, String source, String dataFingerprint, int rows,
        Optional<String> positiveClass, Map<String, Double> metrics, Map<String, Double> championMetrics,
        List<Check> checks, List<SkippedCheck> skipped, ConfusionMatrix confusionMatrix, Optional<RocCurve> roc,
        Optional<RocCurve> championRoc, List<GroupFairness> fairness, Instant createdAt,
        Optional<PermutationImportance> importance) {

    /** The evidence kind reports are stored under: {@value}. */
    public static final String EVIDENCE_KIND = "validation-report";

    public ValidationReport {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(artifactSha256, "artifactSha256");
        Objects.requireNonNull(champion, "champion");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(dataFingerprint, "dataFingerprint");
        Objects.requireNonNull(positiveClass, "positiveClass");
        metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
        championMetrics = Collections.unmodifiableMap(new LinkedHashMap<>(championMetrics));
        checks = List.copyOf(checks);
        skipped = List.copyOf(skipped);
        Objects.requireNonNull(confusionMatrix, "confusionMatrix");
        Objects.requireNonNull(roc, "roc");
        Objects.requireNonNull(championRoc, "championRoc");
        fairness = List.copyOf(fairness);
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(importance, "importance");
    }

    /**
     * Whether every check that ran passed; skipped checks count neither way (a report without checks
     * passes nothing: see {@link ValidationGate}).
     */
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
     * "threshold","passed","detail"}]}} and beyond those {@code skipped:[{name, reason}], model,
     * artifact:{sha256} (when known),
     * champion, data:{source, fingerprint, rows}, positiveClass, metrics, championMetrics,
     * confusionMatrix:{labels, counts}, roc and championRoc:{positiveClass, falsePositiveRate,
     * truePositiveRate, thresholds} or null, fairness:[{column, favorable, privileged, unprivileged:
     * {group, rows, selectionRate, truePositiveRate, falsePositiveRate}, leftOut}], createdAt,
     * importance: the document of {@link PermutationImportance#toJson()} or null}.
     * Undefined numbers are {@code null}; so is a ROC curve's first threshold, +∞.
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

    /**
     * A self-contained HTML page (no scripts, no external resources): the verdict, the checks, the
     * metrics next to the champion's, the confusion matrix, the ROC curves, the fairness group
     * rates and the permutation importance as inline SVG charts.
     */
    public String toHtml() {
        return ReportHtml.write(this);
    }

    /**
     * Plain text: the verdict, one line per check ({@code PASS}/{@code FAIL}, name, detail), one per
     * skipped check ({@code SKIP}, name, reason), then the confusion matrix and the permutation
     * importance.
     */
    public String toText() {
        return ReportText.write(this);
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
