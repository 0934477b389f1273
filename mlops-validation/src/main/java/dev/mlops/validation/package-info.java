/**
 * Validating models before they serve: {@link dev.mlops.validation.Validator} evaluates a
 * {@link dev.mlops.model.Classifier} on labeled data, runs its checks and produces a
 * {@link dev.mlops.validation.ValidationReport}; {@link dev.mlops.validation.ValidationGate} makes
 * the registry refuse production to versions without a passed report.
 *
 * <pre>{@code
 * ModelRegistry registry = ModelRegistries.builder("file:/var/models")
 *         .gate(ValidationGate.requirePassedReport()).open();
 * ValidationReport report = Validator.builder()
 *         .atLeast(Metric.AUC, 0.75).minRows(200)
 *         .champion(registry, "credit@production")      // none yet: the comparisons are skipped
 *         .minRelativeImprovement(Metric.AUC, 0.02)
 *         .significantlyBetter(Metric.ACCURACY, 0.05)
 *         .noise(0.1, Metric.AUC, 0.02)
 *         .fairness(ProtectedGroup.atLeast("age", 25), "good")
 *         .latency(Duration.ofMillis(2))
 *         .build()
 *         .validate(Classifiers.load(registry, "credit:7"), "credit:7", LabeledData.fromCsv(holdout, "class"));
 * report.attachTo(registry, "credit", 7);
 * registry.promote("credit", 7, Stage.PRODUCTION, "validated");   // refused unless the report passed
 * }</pre>
 *
 * <h2>Conventions</h2>
 * <ul>
 *   <li><b>Significance</b> compares model and champion on the same rows: accuracy with the exact
 *       McNemar test (two-sided binomial test on the rows exactly one of them gets right, as
 *       {@code scipy.stats.binomtest}); other metrics with a paired bootstrap percentile interval
 *       (1,000 seeded resamples, numpy's linear percentiles, resamples where a metric is undefined
 *       left out).</li>
 *   <li><b>Robustness</b>: Gaussian noise of sigma times each numeric feature's population standard
 *       deviation on the evaluation data; missing values by blanking each feature cell with the given
 *       probability (the model fills them as in training). Mean of 5 seeded perturbations.</li>
 *   <li><b>Fairness</b>: differences are unprivileged minus privileged, ratios unprivileged over
 *       privileged (AIF360's convention): negative differences and ratios below 1 mean the
 *       unprivileged group gets the favorable label less often. The favorable label is always named
 *       (it is often not the positive class: {@code good} credit, where the positive class is
 *       {@code bad}). Equalized odds difference is max(|ΔTPR|, |ΔFPR|) (fairlearn's).
 *       Disparate impact passes within [0.8, 1.25] by default, the four-fifths rule both ways.</li>
 *   <li><b>Undefined values</b> ({@code NaN} in Java, {@code null} in JSON) fail their check.</li>
 *   <li><b>No champion yet</b>: a champion given as a registry reference that points to no version
 *       makes the comparisons {@link dev.mlops.validation.SkippedCheck skipped}, listed in the report
 *       with the reason; they neither pass nor fail.</li>
 *   <li><b>Permutation importance</b> ({@link dev.mlops.validation.PermutationImportance}) is
 *       scikit-learn's {@code permutation_importance}: per column, the baseline metric minus its mean
 *       over seeded shuffles of that column (for log loss the rise), with the population standard
 *       deviation; a column the model ignores scores exactly 0.</li>
 *   <li><b>ROC curves</b> are scikit-learn's {@code roc_curve} with {@code drop_intermediate}, kept to
 *       at most 400 points in the report (the AUC among the metrics is exact).</li>
 * </ul>
 */
package dev.mlops.validation;
