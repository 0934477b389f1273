package dev.mlops.cli.demo;

import dev.mlops.cli.Text;
import dev.mlops.core.HmacSha256Signer;
import dev.mlops.core.ModelRegistries;
import dev.mlops.core.TribuoFormat;
import dev.mlops.drift.DataTable;
import dev.mlops.drift.DriftConfig;
import dev.mlops.drift.DriftDetector;
import dev.mlops.drift.DriftReport;
import dev.mlops.drift.TestMethod;
import dev.mlops.registry.ArtifactSource;
import dev.mlops.registry.ArtifactVerification;
import dev.mlops.registry.AuditVerification;
import dev.mlops.registry.ConflictException;
import dev.mlops.registry.Lineage;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.RegisterRequest;
import dev.mlops.registry.Stage;
import java.io.PrintWriter;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;

/**
 * The demo's script: one small method per step, each doing one thing through the public API and
 * saying in plain sentences what happened. Later capabilities add their steps to {@link #run}.
 */
final class Demo implements AutoCloseable {

    private static final String MODEL = "breast-cancer";
    private static final String MALIGNANT = "malignant";
    private static final TribuoFormat<Label> FORMAT = TribuoFormat.of(Label.class);

    private final String storeUri;
    private final PrintWriter out;
    private final ModelRegistry registry;
    private final DemoData data = DemoData.load();
    private int step;

    /** Opens a registry on a fresh store; artifacts are signed with a key made for this run. */
    Demo(String storeUri, PrintWriter out) {
        this.storeUri = storeUri;
        this.out = out;
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        this.registry = ModelRegistries.builder(storeUri)
                .signer(HmacSha256Signer.of(key))
                .open();
    }

    /** Runs every step in order. */
    void run() {
        introduce();
        ModelVersion first = register(BundledModel.FIRST, "");
        retryRegistration(first);
        ModelVersion second = register(BundledModel.SECOND, first.ref().toString());
        promoteToProduction(first);
        Model<Label> firstModel = loadAndPredict();
        setAlias(first, "champion");
        refuseShortcut(second);
        promoteToProduction(second);
        cacheFollowsPromotion(firstModel, second);
        rollBack(firstModel);
        verifyArtifacts(first, second);
        showHistory();
        verifyAudit();
        detectDrift();
    }

    private void introduce() {
        out.println("mlops demo: the life of a model in the registry, on two small Tribuo"
                + " classifiers trained on");
        out.println("the Breast Cancer Wisconsin (Diagnostic) data set ("
                + data.rows().size() + " rows, " + data.featureNames().size()
                + " features; UCI, CC BY 4.0).");
        out.println("Store: " + storeUri + " (fresh and temporary).");
        out.println("Artifacts are signed with an HMAC-SHA256 key made for this run, as"
                + " $MLOPS_SIGNING_KEY would do.");
    }

    private ModelVersion register(String id, String parent) {
        BundledModel bundled = BundledModel.load(id);
        RegisterRequest request = RegisterRequest.builder(MODEL, ArtifactSource.of(bundled.artifact()))
                .format(TribuoFormat.NAME)
                .description(bundled.card().description())
                .metrics(bundled.card().metrics())
                .params(bundled.card().params())
                .tag("dataset", "breast-cancer-wisconsin")
                .tag("task", "binary-classification")
                .lineage(new Lineage(parent, data.sha256(), bundled.provenance()))
                .idempotencyKey(id)
                .build();
        ModelVersion v = registry.register(request);
        say("Register " + v.ref() + ": " + bundled.card().description());
        detail(Text.summary(v) + ", signed with key " + v.signature().keyId());
        detail("metrics on the held-out rows: " + Text.pairs(rounded(v.metrics())));
        detail("params: " + Text.pairs(v.params()));
        detail("lineage: " + (parent.isEmpty() ? "" : "parent " + parent + ", ") + "data sha256 "
                + v.lineage().dataFingerprint().substring(0, 12) + "..., Tribuo provenance ("
                + v.lineage().provenance().length() + " characters of JSON)");
        return v;
    }

    private void retryRegistration(ModelVersion first) {
        BundledModel bundled = BundledModel.load(BundledModel.FIRST);
        ModelVersion again = registry.register(RegisterRequest.builder(MODEL,
                        ArtifactSource.of(bundled.artifact()))
                .format(TribuoFormat.NAME)
                .idempotencyKey(BundledModel.FIRST)
                .build());
        expect(again.version() == first.version(), "a retry returns the first version");
        say("Retry that registration with the same idempotency key, as a client would after a"
                + " timeout.");
        detail("The registry returns " + again.ref() + " again instead of creating a duplicate.");
    }

    private void promoteToProduction(ModelVersion v) {
        say("Promote " + v.ref() + " through the lifecycle: DRAFT -> TESTING -> STAGING ->"
                + " PRODUCTION.");
        ModelVersion current = v;
        List<String> archived = new ArrayList<>();
        registry.find(MODEL + "@production").ifPresent(p -> archived.add(p.ref().toString()));
        for (Stage target : List.of(Stage.TESTING, Stage.STAGING, Stage.PRODUCTION)) {
            String reason = switch (target) {
                case TESTING -> "offline metrics look good";
                case STAGING -> "integration tests passed";
                default -> "approved for production";
            };
            ModelVersion moved = registry.promote(MODEL, v.version(), target, reason);
            detail(current.stage() + " -> " + moved.stage() + " (reason: " + reason + ")");
            current = moved;
        }
        if (!archived.isEmpty()) {
            detail(archived.get(0) + " left PRODUCTION and was ARCHIVED in the same atomic step:"
                    + " there is only ever one production version.");
        }
    }

    private Model<Label> loadAndPredict() {
        Model<Label> model = registry.load(MODEL + "@production", FORMAT);
        ModelVersion production = registry.get(MODEL + "@production");
        say("Load " + MODEL + "@production as a Tribuo Model<Label> (" + production.ref()
                + "; digest and signature checked before a byte was deserialized) and predict"
                + " rows it was not trained on:");
        for (DemoData.Row row : sampleRows()) {
            detail(describe(row, model));
        }
        return model;
    }

    private void setAlias(ModelVersion v, String alias) {
        registry.setAlias(MODEL, alias, v.version());
        say("Point the alias '" + alias + "' at " + v.ref() + ": " + MODEL + "@" + alias
                + " now resolves to version " + registry.get(MODEL + "@" + alias).version() + ".");
    }

    private void refuseShortcut(ModelVersion v) {
        say("Try to move " + v.ref() + " from DRAFT straight to PRODUCTION.");
        try {
            registry.promote(MODEL, v.version(), Stage.PRODUCTION, "skipping the checks");
            expect(false, "DRAFT -> PRODUCTION is refused");
        } catch (ConflictException e) {
            detail("Refused (the CLI exits 4): " + e.getMessage());
        }
    }

    private void cacheFollowsPromotion(Model<Label> firstModel, ModelVersion second) {
        Model<Label> now = registry.load(MODEL + "@production", FORMAT);
        expect(now != firstModel, "the cache follows the promotion");
        say("Load " + MODEL + "@production again: the cache noticed the promotion and serves "
                + registry.get(MODEL + "@production").ref() + ", a different model.");
        DemoData.Row row = mostDisputed(firstModel, now);
        detail("On line " + row.line() + " (actually " + row.label() + "), where the two disagree"
                + " most: p(" + MALIGNANT + ") = " + format(probability(now, row)) + " from version "
                + second.version() + ", " + format(probability(firstModel, row)) + " from version 1.");
        detail(MODEL + "@champion still resolves to version "
                + registry.get(MODEL + "@champion").version()
                + ": aliases move only when told to.");
    }

    private void rollBack(Model<Label> firstModel) {
        ModelVersion restored = registry.rollback(MODEL, "version 2 misbehaves in production");
        Model<Label> now = registry.load(MODEL + "@production", FORMAT);
        say("Roll back (reason: version 2 misbehaves in production): " + restored.ref()
                + " is in PRODUCTION again, version 2 is ARCHIVED.");
        detail(MODEL + "@production now loads " + (now == firstModel
                ? "the very model object it loaded first, from the cache, without reading the"
                        + " artifact again."
                : "a fresh copy of version " + restored.version() + "."));
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
        say("The audit history of " + MODEL + ", oldest first (mlops models history " + MODEL + "):");
        Text.history(registry.history(MODEL)).lines().forEach(this::detail);
    }

    private void verifyAudit() {
        say("Verify the hash chain of the audit log (mlops audit verify).");
        AuditVerification check = registry.verifyAudit();
        expect(check.valid(), "the audit chain verifies");
        detail(Text.audit(check));
    }

    /**
     * Checks two batches of held-out rows against the training rows: a random one, which must not
     * drift, and one where the clinic sees only large tumours (mean radius above the training
     * 75th percentile), a realistic covariate shift.
     */
    private void detectDrift() {
        List<DemoData.Row> training = data.rows().stream().filter(r -> !r.heldOut()).toList();
        List<DemoData.Row> heldOut = data.rows().stream().filter(DemoData.Row::heldOut).toList();
        int meanRadius = data.featureNames().indexOf("mean_radius");
        double[] radius = training.stream().mapToDouble(r -> r.features()[meanRadius]).sorted()
                .toArray();
        double threshold = radius[(int) (0.75 * radius.length)];
        List<DemoData.Row> shifted = data.rows().stream()
                .filter(r -> r.features()[meanRadius] > threshold).toList();
        DriftConfig config = DriftConfig.defaults();

        say("Check production inputs for drift against the training data (mlops drift): first a"
                + " batch of " + heldOut.size() + " held-out rows, then a batch of " + shifted.size()
                + " rows with mean radius above " + format(threshold)
                + " (the training data's 75th percentile), as if the clinic now saw only large"
                + " tumours.");
        DriftReport random = DriftDetector.compare(table(training), table(heldOut), config);
        expect(!random.drifted(), "a random held-out batch does not drift");
        detail("Held-out batch: no drift (" + random.driftedFeatures().size() + " of "
                + random.features().size() + " features flagged after the Benjamini-Hochberg"
                + " correction).");
        DriftReport large = DriftDetector.compare(table(training), table(shifted), config);
        expect(large.drifted(), "the shifted batch drifts");
        detail("Shifted batch: drift in " + large.driftedFeatures().size() + " of "
                + large.features().size() + " features (" + Math.round(100 * large.driftedShare())
                + "%). The strongest:");
        large.driftedFeatures().stream()
                .sorted(Comparator.comparingDouble(f -> -f.effectSize().orElse(0)))
                .limit(4)
                .forEach(f -> detail("  " + f.name() + ": KS D = "
                        + format(f.test(TestMethod.KS).orElseThrow().statistic()) + ", p = "
                        + String.format(Locale.ROOT, "%.1e",
                                f.test(TestMethod.KS).orElseThrow().pValue().orElseThrow())
                        + ", PSI = " + format(f.test(TestMethod.PSI).orElseThrow().statistic())
                        + ", severity " + f.severity()));
    }

    /** The feature columns of some rows, as the drift module takes them. */
    private DataTable table(List<DemoData.Row> rows) {
        DataTable.Builder table = DataTable.builder();
        for (int i = 0; i < data.featureNames().size(); i++) {
            int column = i;
            table.numeric(data.featureNames().get(i),
                    rows.stream().mapToDouble(r -> r.features()[column]).toArray());
        }
        return table.build();
    }

    /** Two malignant and two benign rows, from those held out of training. */
    private List<DemoData.Row> sampleRows() {
        List<DemoData.Row> rows = new ArrayList<>();
        for (String label : List.of(MALIGNANT, "benign")) {
            data.rows().stream()
                    .filter(r -> r.heldOut() && r.label().equals(label))
                    .limit(2)
                    .forEach(rows::add);
        }
        return rows;
    }

    /** The held-out row on which two models' probabilities of malignancy differ most. */
    private DemoData.Row mostDisputed(Model<Label> a, Model<Label> b) {
        return data.rows().stream()
                .filter(DemoData.Row::heldOut)
                .max(Comparator.comparingDouble(r -> Math.abs(probability(a, r) - probability(b, r))))
                .orElseThrow();
    }

    private String describe(DemoData.Row row, Model<Label> model) {
        Prediction<Label> prediction = model.predict(data.unlabelled(row));
        return "line " + row.line() + ": predicted " + prediction.getOutput().getLabel()
                + ", p(" + MALIGNANT + ") = " + format(probability(model, row)) + "; actually "
                + row.label();
    }

    private double probability(Model<Label> model, DemoData.Row row) {
        Label scored = model.predict(data.unlabelled(row)).getOutputScores().get(MALIGNANT);
        return scored == null ? 0.0 : scored.getScore();
    }

    private static String format(double value) {
        return String.format(Locale.ROOT, "%.3f", value);
    }

    private static Map<String, String> rounded(Map<String, Double> metrics) {
        Map<String, String> shown = new TreeMap<>();
        metrics.forEach((k, v) -> shown.put(k, format(v)));
        return shown;
    }

    /** The demo doubles as a smoke test: what it narrates must have happened. */
    private static void expect(boolean condition, String what) {
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
        registry.close();
    }
}
