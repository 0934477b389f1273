package dev.mlops.cli.demo;

import dev.mlops.cli.Text;
import dev.mlops.core.HmacSha256Signer;
import dev.mlops.core.ModelRegistries;
import dev.mlops.data.DataTable;
import dev.mlops.data.LabeledData;
import dev.mlops.drift.DriftConfig;
import dev.mlops.drift.DriftDetector;
import dev.mlops.drift.DriftReport;
import dev.mlops.drift.TestMethod;
import dev.mlops.model.Metric;
import dev.mlops.model.Prediction;
import dev.mlops.online.LearnerMetrics;
import dev.mlops.online.OnlineEvent;
import dev.mlops.online.OnlineLearner;
import dev.mlops.online.OnlineSchema;
import dev.mlops.online.Simulation;
import dev.mlops.online.Strategy;
import dev.mlops.registry.ArtifactVerification;
import dev.mlops.registry.AuditEvent;
import dev.mlops.registry.AuditVerification;
import dev.mlops.registry.ConflictException;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.PromotionRefusedException;
import dev.mlops.registry.Stage;
import dev.mlops.routing.Analysis;
import dev.mlops.routing.Experiment;
import dev.mlops.routing.Promotion;
import dev.mlops.routing.Router;
import dev.mlops.training.Algorithm;
import dev.mlops.training.TrainedModel;
import dev.mlops.training.TrainedModelFormat;
import dev.mlops.training.Trainer;
import dev.mlops.training.TrainingResult;
import dev.mlops.training.TrainingSpec;
import dev.mlops.validation.ValidationGate;
import dev.mlops.validation.ValidationReport;
import dev.mlops.validation.Validator;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * The demo's script: one small method per step, each doing one thing through the public API and
 * saying in plain sentences what happened. Later capabilities add their steps to {@link #run}.
 */
final class Demo implements AutoCloseable {

    private static final String MODEL = "breast-cancer";
    /** The online learner's model name. */
    private static final String STREAM = "sea-stream";
    /** Rows of the stream before its concept changes, and after. */
    private static final int CONCEPT_ROWS = 20_000;
    private static final String PRODUCTION = MODEL + "@production";
    private static final String MALIGNANT = "malignant";
    /** Simulated visits in the A/B test: enough to tell a one-point accuracy gain apart. */
    private static final int VISITS = 60_000;

    private final String storeUri;
    private final PrintWriter out;
    private final ModelRegistry registry;
    private final Trainer trainer;
    private final DemoData data;
    private int step;

    /**
     * Opens a registry on a fresh store. Artifacts are signed with a key made for this run, and
     * nothing reaches PRODUCTION without a passed validation report.
     */
    Demo(String storeUri, Path workDirectory, PrintWriter out) {
        this.storeUri = storeUri;
        this.out = out;
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        this.registry = ModelRegistries.builder(storeUri)
                .signer(HmacSha256Signer.of(key))
                .gate(ValidationGate.requirePassedReport())
                .open();
        this.trainer = Trainer.builder().registry(registry).build();
        this.data = DemoData.writeTo(workDirectory);
    }

    /** Runs every step in order. */
    void run() {
        introduce();
        ModelVersion baseline = train("a quick baseline: logistic regression on two features,"
                + " mean radius and mean texture", TrainingSpec.builder(Algorithm.LOGISTIC)
                .param("epochs", "3")
                .exclude(data.featuresExcept(Set.of("mean_radius", "mean_texture"))));
        validateAlone(baseline);
        promoteToProduction(baseline);
        loadAndPredict();
        setAlias(baseline, "champion");
        refuseShortcut(baseline);

        ModelVersion stump = train("a challenger: a decision stump (a tree of depth 1) on all"
                + " features", TrainingSpec.builder(Algorithm.CART).param("maxDepth", "1"));
        ValidationReport stumpReport = validateAgainstChampion(stump);
        expect(!stumpReport.passed(), "the stump fails validation");
        refusePromotion(stump);

        ModelVersion full = train("a challenger: logistic regression on all 30 features",
                TrainingSpec.builder(Algorithm.LOGISTIC));
        ValidationReport fullReport = validateAgainstChampion(full);
        expect(fullReport.passed(), "the full model passes validation");
        promoteTo(full, Stage.STAGING);

        abTest(baseline, full);
        cacheFollowsPromotion(baseline, full);
        rollBack(baseline);
        verifyArtifacts(baseline, stump, full);
        showHistory();
        verifyAudit();
        double largeTumours = detectDrift();
        new MonitoringStep(registry, data, this::say, this::detail).run(MODEL, largeTumours);

        OnlineLearner.Builder online = onlineLearner();
        learnOnline(online);
        showOnlineVersion();
        checkpointAndRestore(online);
    }

    private void introduce() {
        out.println("mlops demo: the life of a model, from training to production and back, on the"
                + " Breast Cancer");
        out.println("Wisconsin (Diagnostic) data set (569 rows, 30 features; UCI, CC BY 4.0):"
                + " every fifth row is held out");
        out.println("for validation and simulated traffic, the others train.");
        out.println("Store: " + storeUri + " (fresh and temporary). Artifacts are signed with an"
                + " HMAC-SHA256 key made for");
        out.println("this run, as $MLOPS_SIGNING_KEY would do; nothing reaches PRODUCTION without a"
                + " passed validation report.");
    }

    private ModelVersion train(String what, TrainingSpec.Builder spec) {
        TrainingResult result = trainer.train(LabeledData.fromCsv(data.training(), DemoData.LABEL),
                spec.registerAs(MODEL).build());
        ModelVersion v = result.version().orElseThrow();
        say("Train " + what + ", and register it as " + v.ref() + ".");
        detail("metrics on " + result.testRows() + " rows held out of the " + (result.trainRows()
                + result.testRows()) + " training rows: accuracy "
                + format(result.metrics().get(Metric.ACCURACY)) + ", auc "
                + format(result.metrics().get(Metric.AUC)) + ", f1 "
                + format(result.metrics().get(Metric.F1)));
        result.cv().ifPresent(cv -> detail(cv.folds() + "-fold cross-validation: auc "
                + format(cv.summary(Metric.AUC).mean()) + " ± " + format(cv.summary(Metric.AUC).std())
                + ", accuracy " + format(cv.summary(Metric.ACCURACY).mean()) + " ± "
                + format(cv.summary(Metric.ACCURACY).std())));
        detail(Text.summary(v) + ", signed with key " + v.signature().keyId());
        detail("lineage: data sha256 " + v.lineage().dataFingerprint().substring(0, 12)
                + "..., Tribuo provenance (" + v.lineage().provenance().length()
                + " characters of JSON); evidence: "
                + String.join(", ", registry.evidence(MODEL, v.version()).stream()
                        .map(e -> e.kind()).toList()));
        return v;
    }

    private void validateAlone(ModelVersion v) {
        ValidationReport report = Validator.builder()
                .atLeast(Metric.AUC, 0.95)
                .atLeast(Metric.ACCURACY, 0.85)
                .minRows(100)
                .noise(0.1, Metric.AUC, 0.05)
                .latency(Duration.ofMillis(5))
                .build()
                .validate(load(v), v.ref().toString(), data.holdoutData());
        report.attachTo(registry, MODEL, v.version());
        expect(report.passed(), v.ref() + " passes its validation");
        say("Validate " + v.ref() + " on the " + report.rows() + " held-out rows; the report is"
                + " stored with the version:");
        report.checks().forEach(c -> detail((c.passed() ? "PASS  " : "FAIL  ") + c.detail()));
    }

    private ValidationReport validateAgainstChampion(ModelVersion v) {
        ValidationReport report = Validator.builder()
                .atLeast(Metric.AUC, 0.95)
                .champion(load(registry.get(PRODUCTION)), PRODUCTION)
                .minImprovement(Metric.AUC, 0.002)
                .notSignificantlyWorse(Metric.ACCURACY, 0.05)
                .build()
                .validate(load(v), v.ref().toString(), data.holdoutData());
        report.attachTo(registry, MODEL, v.version());
        say("Validate " + v.ref() + " against the champion " + PRODUCTION + " on the same "
                + report.rows() + " held-out rows: " + (report.passed() ? "passed." : "failed."));
        report.checks().forEach(c -> detail((c.passed() ? "PASS  " : "FAIL  ") + c.detail()));
        return report;
    }

    private void promoteToProduction(ModelVersion v) {
        say("Promote " + v.ref() + " through the lifecycle: DRAFT -> TESTING -> STAGING ->"
                + " PRODUCTION.");
        for (Stage target : List.of(Stage.TESTING, Stage.STAGING, Stage.PRODUCTION)) {
            ModelVersion before = registry.get(v.ref().toString());
            ModelVersion moved = registry.promote(MODEL, v.version(), target, reason(target));
            detail(before.stage() + " -> " + moved.stage() + " (reason: " + reason(target) + ")");
        }
        detail("The gate found its passed validation report before letting it into PRODUCTION.");
    }

    private void promoteTo(ModelVersion v, Stage stage) {
        say("Promote " + v.ref() + " to " + stage + ", ready for a live comparison.");
        for (Stage target : List.of(Stage.TESTING, Stage.STAGING)) {
            registry.promote(MODEL, v.version(), target, reason(target));
            if (target == stage) {
                break;
            }
        }
        detail(Text.summary(registry.get(v.ref().toString())));
    }

    private static String reason(Stage target) {
        return switch (target) {
            case TESTING -> "offline metrics look good";
            case STAGING -> "validation passed";
            default -> "approved for production";
        };
    }

    private void loadAndPredict() {
        TrainedModel model = registry.load(PRODUCTION, TrainedModelFormat.of());
        say("Load " + PRODUCTION + " (" + registry.get(PRODUCTION).ref() + "; digest and signature"
                + " checked before a byte was deserialized) and predict held-out rows:");
        List<Map<String, Object>> rows = data.holdoutRows();
        List<String> labels = data.holdoutLabels();
        for (int i : new int[] {0, 1, 2, 3}) {
            Prediction p = model.predict(rows.get(i));
            detail("row " + (i + 1) + ": predicted " + p.label() + ", p(" + MALIGNANT + ") = "
                    + format(p.probability(MALIGNANT)) + "; actually " + labels.get(i));
        }
    }

    private void setAlias(ModelVersion v, String alias) {
        registry.setAlias(MODEL, alias, v.version());
        say("Point the alias '" + alias + "' at " + v.ref() + ": " + MODEL + "@" + alias
                + " now resolves to version " + registry.get(MODEL + "@" + alias).version() + ".");
    }

    private void refuseShortcut(ModelVersion production) {
        say("Try to move " + production.ref() + " from PRODUCTION back to DRAFT.");
        try {
            registry.promote(MODEL, production.version(), Stage.DRAFT, "skipping the lifecycle");
            expect(false, "PRODUCTION -> DRAFT is refused");
        } catch (ConflictException e) {
            detail("Refused (the CLI exits 4): " + e.getMessage());
        }
    }

    private void refusePromotion(ModelVersion v) {
        registry.promote(MODEL, v.version(), Stage.TESTING, "try it anyway");
        registry.promote(MODEL, v.version(), Stage.STAGING, "try it anyway");
        say("Try to promote " + v.ref() + " to PRODUCTION anyway.");
        try {
            registry.promote(MODEL, v.version(), Stage.PRODUCTION, "try it anyway");
            expect(false, "the gate refuses a failed challenger");
        } catch (PromotionRefusedException e) {
            detail("Refused by the gate (the CLI exits 1): " + e.getMessage());
        }
        detail(PRODUCTION + " is still " + registry.get(PRODUCTION).ref() + ".");
    }

    /**
     * Routes simulated visits between production and the staged challenger: each visit is a
     * held-out case, and a correct diagnosis counts as a conversion. The always-valid sequential
     * test decides, and the winner is promoted through the registry.
     */
    private void abTest(ModelVersion control, ModelVersion challenger) {
        Experiment experiment = Experiment.builder(MODEL + "-ab", "demo-2026")
                .variant("control", control.ref().toString(), 50)
                .variant("challenger", challenger.ref().toString(), 50)
                .build();
        List<Map<String, Object>> rows = data.holdoutRows();
        List<String> labels = data.holdoutLabels();
        Random visits = new Random(2026);
        Analysis analysis;
        try (Router<TrainedModel> router = Router.builder(registry, TrainedModelFormat.of(),
                experiment).build()) {
            for (int i = 0; i < VISITS; i++) {
                String user = "user-" + i;
                int row = visits.nextInt(rows.size());
                String predicted = router.predict(user, m -> m.predict(rows.get(row)).label());
                router.recordConversion(router.variantOf(user), predicted.equals(labels.get(row)));
            }
            analysis = router.analyze();
            say("A/B test " + control.ref() + " (control) against " + challenger.ref()
                    + " (challenger): " + VISITS + " simulated visits, each a held-out case, each"
                    + " user sticky to one variant by a hash of the user id; a correct diagnosis"
                    + " counts as a conversion.");
            for (Analysis.VariantResult v : analysis.variants()) {
                detail(v.name() + ": " + v.units() + " users (" + percent(v.observedShare())
                        + "), correct " + percent(v.sample().mean()) + ", p50 latency "
                        + format(router.stats(v.name()).latencyP50Millis()) + " ms");
            }
            analysis.sampleRatio().ifPresent(srm -> detail("sample-ratio check: p = "
                    + format(srm.pValue()) + (srm.mismatch() ? ", MISMATCH" : ", fine")));
            detail("decision: " + analysis.decision().label() + " (" + analysis.decision().reason()
                    + ")");
            expect(analysis.decision().winner().equals(java.util.Optional.of("challenger")),
                    "the challenger wins the A/B test");
            ModelVersion promoted = router.promoteWinner(analysis, Promotion.stage(Stage.PRODUCTION))
                    .orElseThrow();
            detail("The winner " + promoted.ref() + " is promoted to PRODUCTION through the registry;"
                    + " " + control.ref() + " is ARCHIVED in the same step.");
        }
    }

    private void cacheFollowsPromotion(ModelVersion before, ModelVersion after) {
        TrainedModel now = registry.load(PRODUCTION, TrainedModelFormat.of());
        say("Load " + PRODUCTION + " again: the cache noticed the promotion and serves "
                + registry.get(PRODUCTION).ref() + ".");
        expect(now != registry.load(before.ref().toString(), TrainedModelFormat.of()),
                "the cache follows the promotion");
        detail(MODEL + "@champion still resolves to version "
                + registry.get(MODEL + "@champion").version() + ": aliases move only when told to.");
        detail(after.ref() + " and " + before.ref() + " disagree on "
                + disagreements(now, registry.load(before.ref().toString(), TrainedModelFormat.of()))
                + " of " + data.holdoutRows().size() + " held-out rows.");
    }

    private long disagreements(TrainedModel a, TrainedModel b) {
        return data.holdoutRows().stream()
                .filter(row -> !a.predict(row).label().equals(b.predict(row).label()))
                .count();
    }

    private void rollBack(ModelVersion previous) {
        ModelVersion restored = registry.rollback(MODEL, "a complaint from the clinic");
        expect(restored.version() == previous.version(), "the rollback restores the previous version");
        say("Roll back (reason: a complaint from the clinic): " + restored.ref()
                + " is in PRODUCTION again, the challenger is ARCHIVED, and " + PRODUCTION
                + " serves " + registry.get(PRODUCTION).ref() + " at once.");
    }

    private void verifyArtifacts(ModelVersion... versions) {
        say("Verify the stored artifacts against their SHA-256 and signature.");
        for (ModelVersion v : versions) {
            ArtifactVerification check = registry.verify(v.ref().toString());
            expect(check.intact(), v.ref() + " verifies");
            detail("OK: " + check.message());
        }
    }

    private void showHistory() {
        List<AuditEvent> history = registry.history(MODEL);
        say("The audit history of " + MODEL + ", oldest first (mlops models history " + MODEL
                + "), " + history.size() + " entries; the stage changes:");
        Text.history(history.stream()
                .filter(e -> switch (e.action()) {
                    case PROMOTE, ARCHIVE, ROLLBACK -> true;
                    default -> false;
                })
                .toList()).lines().forEach(this::detail);
    }

    private void verifyAudit() {
        say("Verify the hash chain of the audit log (mlops audit verify).");
        AuditVerification check = registry.verifyAudit();
        expect(check.valid(), "the audit chain verifies");
        detail(Text.audit(check));
    }

    /**
     * Checks two batches against the training rows: the held-out rows, which must not drift, and
     * the rows where the clinic sees only large tumours (mean radius above the training data's
     * 75th percentile), a realistic covariate shift.
     */
    /** Returns the mean radius above which the shifted batch lies. */
    private double detectDrift() {
        LabeledData training = LabeledData.fromCsv(data.training(), DemoData.LABEL);
        DataTable reference = features(training.table(), training);
        DataTable heldOut = features(data.holdoutData().table(), training);
        double[] radius = reference.numeric("mean_radius").orElseThrow();
        double[] sorted = radius.clone();
        java.util.Arrays.sort(sorted);
        double threshold = sorted[(int) (0.75 * sorted.length)];
        DataTable large = rowsWhere(reference, radius, threshold);

        DriftConfig config = DriftConfig.defaults();
        say("Check production inputs for drift against the training data (mlops drift): first the"
                + " " + heldOut.rowCount() + " held-out rows, then the " + large.rowCount()
                + " rows with mean radius above " + format(threshold) + " (the training data's 75th"
                + " percentile), as if the clinic now saw only large tumours.");
        DriftReport random = DriftDetector.compare(reference, heldOut, config);
        expect(!random.drifted(), "the held-out rows do not drift");
        detail("Held-out rows: no drift (" + random.driftedFeatures().size() + " of "
                + random.features().size() + " features flagged after the Benjamini-Hochberg"
                + " correction).");
        DriftReport shifted = DriftDetector.compare(reference, large, config);
        expect(shifted.drifted(), "the shifted batch drifts");
        detail("Large tumours: drift in " + shifted.driftedFeatures().size() + " of "
                + shifted.features().size() + " features (" + Math.round(100 * shifted.driftedShare())
                + "%). The strongest:");
        shifted.driftedFeatures().stream()
                .sorted(Comparator.comparingDouble(f -> -f.effectSize().orElse(0)))
                .limit(4)
                .forEach(f -> detail("  " + f.name() + ": KS D = "
                        + format(f.test(TestMethod.KS).orElseThrow().statistic()) + ", p = "
                        + String.format(Locale.ROOT, "%.1e",
                                f.test(TestMethod.KS).orElseThrow().pValue().orElseThrow())
                        + ", PSI = " + format(f.test(TestMethod.PSI).orElseThrow().statistic())
                        + ", severity " + f.severity()));
        return threshold;
    }

    /**
     * A learner for a stream whose concept changes: adaptive (incremental FTRL-Proximal updates,
     * ADWIN on the error stream, a validated retraining after drift), registering under its own
     * model name in the demo's registry.
     */
    private OnlineLearner.Builder onlineLearner() {
        return OnlineLearner.builder(OnlineSchema.of("label", List.of("0", "1"), List.of("x1", "x2", "x3")))
                .strategy(Strategy.ADAPTIVE)
                .registry(registry)
                .name(STREAM);
    }

    /**
     * Streams SEA concepts (Street and Kim 2001; seeded): three features uniform on [0, 10], label
     * 1 when x1 + x2 ≤ θ, 10% of labels flipped, so no model can be right more than 90% of the time.
     * θ moves from 8 to 9.5 after {@value #CONCEPT_ROWS} rows. Accuracy is prequential (each row
     * predicted before it is learned), per block of 1,000 rows, next to the same learner without
     * retraining on the same rows.
     */
    private void learnOnline(OnlineLearner.Builder builder) {
        say("Online learning on a stream whose concept changes: " + String.format(Locale.ROOT, "%,d", 2 * CONCEPT_ROWS)
                + " rows of SEA concepts (label 1 when x1 + x2 <= 8, 10% of labels flipped, so 90% is the ceiling),"
                + " seeded; after row " + String.format(Locale.ROOT, "%,d", CONCEPT_ROWS) + " the threshold moves to 9.5. An adaptive learner (logistic regression by"
                + " FTRL-Proximal, ADWIN on its errors) predicts each row before it learns it.");
        List<double[]> rows = seaStream();
        double[] adaptive = new double[rows.size() / 1_000];
        try (OnlineLearner learner = builder.build()) {
            for (int block = 0; block < adaptive.length; block++) {
                for (double[] row : rows.subList(block * 1_000, (block + 1) * 1_000)) {
                    learner.learn(new double[] {row[0], row[1], row[2]}, new String[0], (int) row[3]);
                }
                learner.flush();
                adaptive[block] = learner.metrics().windowAccuracy();
            }
            for (OnlineEvent event : learner.events()) {
                switch (event.type()) {
                    case DRIFT_DETECTED -> detail("row " + event.sample() + ": drift detected (" + event.reason() + ")");
                    case RETRAIN_STARTED -> detail("row " + event.sample() + ": retrain a challenger on rows "
                            + event.details().get("train") + ", hold out rows " + event.details().get("holdout")
                            + " (" + event.reason() + ")");
                    case PROMOTED, REJECTED, ROLLED_BACK, KEPT -> detail("row " + event.sample() + ": "
                            + event.type().name().replace('_', ' ').toLowerCase(Locale.ROOT)
                            + event.version().map(v -> " " + v).orElse("") + ": " + event.reason());
                    default -> { }
                }
            }
            expect(learner.events().stream().anyMatch(e -> e.type() == OnlineEvent.Type.DRIFT_DETECTED
                    && e.sample() > CONCEPT_ROWS), "the change is detected after it happens");
            expect(learner.events().stream().anyMatch(e -> e.type() == OnlineEvent.Type.PROMOTED),
                    "a retrained challenger is promoted");
            LearnerMetrics metrics = learner.metrics();
            detail(String.format(Locale.ROOT, "%,d rows, %,d updates, %d retrain(s), %d promotion(s); %,d snapshots"
                    + " published for predictions; Cohen's kappa %.3f", metrics.samples(), metrics.updates(),
                    metrics.retrains(), metrics.promotions(), metrics.publications(), metrics.kappa()));
        }
        double[] incremental = incrementalOnly(rows);
        int change = CONCEPT_ROWS / 1_000;
        detail("accuracy per 1,000 rows, the last two before the change, then the five after it:");
        detail("  adaptive:         " + blocks(adaptive, change - 2, change + 5));
        detail("  incremental only: " + blocks(incremental, change - 2, change + 5));
        double before = adaptive[change - 1];
        double recovered = adaptive[change + 4];
        expect(recovered >= before - 0.02, "the adaptive learner recovers to within 2 points within 5,000 rows");
        expect(mean(adaptive, change, change + 5) > mean(incremental, change, change + 5),
                "retraining beats incremental updates alone after the change");
        detail(String.format(Locale.ROOT, "Rows %,d-%,d after the change: adaptive %s, incremental only %s;"
                        + " 1,000 rows before it: %s.", CONCEPT_ROWS + 1, CONCEPT_ROWS + 5_000,
                percent(mean(adaptive, change, change + 5)), percent(mean(incremental, change, change + 5)),
                percent(before)));
    }

    /** The same rows through the same learner without retraining, for comparison. */
    private static double[] incrementalOnly(List<double[]> rows) {
        double[] accuracy = new double[rows.size() / 1_000];
        double[] p = new double[2];
        try (Simulation simulation = OnlineLearner.builder(OnlineSchema.of("label", List.of("0", "1"),
                List.of("x1", "x2", "x3"))).strategy(Strategy.INCREMENTAL).simulation()) {
            for (int block = 0; block < accuracy.length; block++) {
                for (double[] row : rows.subList(block * 1_000, (block + 1) * 1_000)) {
                    simulation.step(new double[] {row[0], row[1], row[2]}, new String[0], (int) row[3], p);
                }
                accuracy[block] = simulation.metrics().windowAccuracy();
            }
        }
        return accuracy;
    }

    private void showOnlineVersion() {
        ModelVersion v = registry.get(STREAM + "@production");
        say("The promoted challenger in the registry: " + Text.summary(v) + ".");
        detail("format " + v.format() + "; trigger " + v.tags().get("online.trigger") + ", trained on "
                + v.tags().get("online.window") + "; training data sha256 " + v.lineage().dataFingerprint().substring(0, 12)
                + "...");
        ValidationReport report = ValidationReport.fromJson(registry.evidence(STREAM, v.version()).stream()
                .filter(e -> e.kind().equals(ValidationReport.EVIDENCE_KIND)).reduce((a, b) -> b).orElseThrow().document());
        expect(report.passed(), "the promoted challenger's report passed");
        report.checks().forEach(c -> detail((c.passed() ? "PASS  " : "FAIL  ") + c.detail()));
        for (ModelVersion version : registry.versions(STREAM)) {
            detail("every challenger is kept with its report: " + Text.summary(version) + " (trigger "
                    + version.tags().get("online.trigger") + ")");
        }
        registry.history(STREAM).stream().filter(e -> e.action() == dev.mlops.registry.AuditAction.PROMOTE)
                .reduce((a, b) -> b)
                .ifPresent(e -> detail("audit: " + e.from() + " -> " + e.to() + ", reason: " + e.reason()));
    }

    /**
     * Saves the learner's whole state to the registry and restores it into a new learner, which
     * predicts exactly as the saved one.
     */
    private void checkpointAndRestore(OnlineLearner.Builder builder) {
        List<double[]> probes = seaStream().subList(0, 5);
        ModelVersion checkpoint;
        List<double[]> before = new java.util.ArrayList<>();
        try (OnlineLearner learner = builder.build()) {
            for (double[] row : seaStream().subList(0, 3_000)) {
                learner.learn(new double[] {row[0], row[1], row[2]}, new String[0], (int) row[3]);
            }
            checkpoint = learner.checkpoint("end of the demo's shift");
            for (double[] probe : probes) {
                double[] p = new double[2];
                learner.predict(new double[] {probe[0], probe[1], probe[2]}, new String[0], p);
                before.add(p);
            }
        }
        boolean same;
        try (OnlineLearner restored = builder.restoreFrom(checkpoint.ref()).build()) {
            same = true;
            for (int i = 0; i < probes.size(); i++) {
                double[] p = new double[2];
                restored.predict(new double[] {probes.get(i)[0], probes.get(i)[1], probes.get(i)[2]}, new String[0], p);
                same &= java.util.Arrays.equals(p, before.get(i));
            }
        }
        expect(same, "the restored learner predicts bit for bit as the saved one");
        say("Checkpoint a learner's whole state (weights, optimiser accumulators, buffer, detector, metrics) as "
                + checkpoint.ref() + " (" + String.format(Locale.ROOT, "%,d", checkpoint.sizeBytes())
                + " bytes, signed like any artifact), restore it"
                + " into a new learner: its predictions are identical to the last bit.");
    }

    private List<double[]> seaStream() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(2026);
        List<double[]> rows = new java.util.ArrayList<>(2 * CONCEPT_ROWS);
        for (int i = 0; i < 2 * CONCEPT_ROWS; i++) {
            double x1 = 10 * random.nextDouble();
            double x2 = 10 * random.nextDouble();
            double x3 = 10 * random.nextDouble();
            boolean positive = x1 + x2 <= (i < CONCEPT_ROWS ? 8 : 9.5);
            if (random.nextDouble() < 0.1) {
                positive = !positive;
            }
            rows.add(new double[] {x1, x2, x3, positive ? 1 : 0});
        }
        return rows;
    }

    private static String blocks(double[] accuracy, int from, int to) {
        StringBuilder text = new StringBuilder();
        for (int b = from; b < to; b++) {
            text.append(b == from ? "" : b == from + 2 ? " | " : "  ").append(percent(accuracy[b]));
        }
        return text.toString();
    }

    private static double mean(double[] values, int from, int to) {
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += values[i];
        }
        return sum / (to - from);
    }

    /** The feature columns of a table, as the drift module compares them. */
    private static DataTable features(DataTable table, LabeledData labeled) {
        return table.select(labeled.featureColumns());
    }

    /** The rows of {@code table} whose {@code key} is above {@code threshold}. */
    private static DataTable rowsWhere(DataTable table, double[] key, double threshold) {
        DataTable.Builder rows = DataTable.builder();
        for (String column : table.columnNames()) {
            double[] values = table.numeric(column).orElseThrow();
            double[] kept = java.util.stream.IntStream.range(0, values.length)
                    .filter(i -> key[i] > threshold).mapToDouble(i -> values[i]).toArray();
            rows.numeric(column, kept);
        }
        return rows.build();
    }

    private TrainedModel load(ModelVersion v) {
        return registry.load(v.ref().toString(), TrainedModelFormat.of());
    }

    private static String format(double value) {
        return String.format(Locale.ROOT, "%.3f", value);
    }

    private static String percent(double share) {
        return String.format(Locale.ROOT, "%.1f%%", 100 * share);
    }

    /** The demo doubles as a smoke test: what it narrates must have happened. */
    static void expect(boolean condition, String what) {
        if (!condition) {
            throw new IllegalStateException("demo failed: expected that " + what);
        }
    }

    private void say(String sentence) {
        out.println();
        out.println(++step + ". " + sentence);
    }

    private void detail(String line) {
        out.println("   " + line);
    }

    @Override
    public void close() {
        trainer.close();
        registry.close();
    }
}
