package dev.mlops.monitoring;

import dev.mlops.data.DataException;
import dev.mlops.data.DataTable;
import dev.mlops.data.Numbers;
import dev.mlops.drift.DriftDetector;
import dev.mlops.drift.DriftReport;
import dev.mlops.drift.FeatureDrift;
import dev.mlops.drift.FeatureProfile;
import dev.mlops.drift.ReferenceProfile;
import dev.mlops.drift.Severity;
import dev.mlops.model.ClassificationMetrics;
import dev.mlops.model.Classifier;
import dev.mlops.model.Classifiers;
import dev.mlops.model.Prediction;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelVersion;
import dev.mlops.stats.ChiSquareTests;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Watches one registered version in production. A service passes each row it predicted, with the
 * prediction and an id of its choosing ({@link #observe}); when the ground truth arrives, maybe much
 * later, it passes the id and the actual label ({@link #label}). Every {@link MonitorConfig#windowSize}
 * labelled predictions close a window ({@link #closeWindow} closes one early): its inputs are checked
 * for drift against the version's stored reference profile ({@link ReferenceProfile#stored}), its
 * predicted labels against validation time, its live metrics (those of {@link ClassificationMetrics})
 * against the version's {@link Baseline}; the {@link WindowReport} is appended to the version's
 * performance records and passed to the listeners.
 *
 * <p>The per-row calls copy into buffers allocated up front (numbers as doubles, categories as the
 * caller's strings, probabilities) and join ids through an open-addressing table of longs: they
 * allocate nothing, unless a numeric feature arrives as text or a category as a non-string. Only
 * closing a window allocates. At most {@link MonitorConfig#maxPending} predictions wait for their
 * ground truth; beyond that the oldest is dropped ({@link #dropped()}). Thread-safe: the calls take
 * a short lock; listeners run on the thread whose call closed the window.
 *
 * <pre>{@code
 * ModelMonitor monitor = ModelMonitor.of(registry, "credit@production", MonitorConfig.defaults());
 * monitor.addListener(window -> window.alerts().forEach(a -> pager.send(a.message())));
 * Prediction p = monitor.predict(requestId, row);   // the version's prediction, observed
 * monitor.label(requestId, "bad");                  // later, when the outcome is known
 * }</pre>
 */
public final class ModelMonitor {

    private final ModelRegistry registry;
    private final ModelVersion version;
    private final Classifier classifier;
    private final ReferenceProfile profile;
    private final Baseline baseline;
    private final MonitorConfig config;
    private final String instance;
    private final InstantSource clock;
    private final List<MonitorListener> listeners = new CopyOnWriteArrayList<>();

    private final String[] labels;
    private final String[] numeric;
    private final String[] categorical;
    private final int width;

    private final Object lock = new Object();
    // predictions waiting for their ground truth: a ring of slots in arrival order
    private final long[] pendingIds;
    private final boolean[] live;
    private final double[] pendingNumbers;
    private final String[] pendingCategories;
    private final double[] pendingProbabilities;
    private final int[] pendingPredicted;
    private int head;
    private int used;
    // id → slot + 1, linear probing, 0 = empty
    private final long[] keys;
    private final int[] slots;
    private final int mask;
    // the window of labelled predictions
    private final double[] numbers;
    private final String[] categories;
    private final double[] probabilities;
    private final int[] predicted;
    private final int[] actual;
    private int count;
    private long dropped;

    private ModelMonitor(ModelRegistry registry, ModelVersion version, Classifier classifier, ReferenceProfile profile,
            MonitorConfig config, String instance, InstantSource clock) {
        this.registry = registry;
        this.version = version;
        this.classifier = classifier;
        this.profile = profile;
        this.baseline = Baseline.of(registry, version);
        this.config = config;
        this.instance = instance;
        this.clock = clock;
        labels = classifier.labels().toArray(String[]::new);
        numeric = profile.features().stream().filter(f -> f.type() == dev.mlops.data.FeatureType.NUMERIC)
                .map(FeatureProfile::name).toArray(String[]::new);
        categorical = profile.features().stream().filter(f -> f.type() == dev.mlops.data.FeatureType.CATEGORICAL)
                .map(FeatureProfile::name).toArray(String[]::new);
        width = labels.length;
        int pending = config.maxPending();
        pendingIds = new long[pending];
        live = new boolean[pending];
        pendingNumbers = new double[pending * numeric.length];
        pendingCategories = new String[pending * categorical.length];
        pendingProbabilities = new double[pending * width];
        pendingPredicted = new int[pending];
        int capacity = Integer.highestOneBit(Math.max(2, pending) * 2 - 1) << 1;
        keys = new long[capacity];
        slots = new int[capacity];
        mask = capacity - 1;
        int window = config.windowSize();
        numbers = new double[window * numeric.length];
        categories = new String[window * categorical.length];
        probabilities = new double[window * width];
        predicted = new int[window];
        actual = new int[window];
    }

    /**
     * A monitor of the version {@code ref} points to now (it stays bound to that version), serving
     * predictions with its model as loaded through {@link Classifiers#load}.
     *
     * @throws IllegalArgumentException when the version has no stored reference profile
     */
    public static ModelMonitor of(ModelRegistry registry, String ref, MonitorConfig config) {
        ModelVersion version = registry.get(ref);
        return of(registry, version, Classifiers.load(registry, version.ref().toString()), config, "",
                InstantSource.system());
    }

    /**
     * A monitor of a version whose model the caller loaded.
     *
     * @param instance names the service instance in the reports (may be empty)
     * @throws IllegalArgumentException when the version has no stored reference profile
     */
    public static ModelMonitor of(ModelRegistry registry, ModelVersion version, Classifier classifier,
            MonitorConfig config, String instance, InstantSource clock) {
        ReferenceProfile profile = ReferenceProfile.stored(registry, version).orElseThrow(() ->
                new IllegalArgumentException(version.ref() + " has no stored reference profile (evidence '"
                        + ReferenceProfile.EVIDENCE_KIND + "'); the trainer stores one with every version it registers"));
        return new ModelMonitor(registry, version, Objects.requireNonNull(classifier, "classifier"), profile,
                Objects.requireNonNull(config, "config"), Objects.requireNonNull(instance, "instance"),
                Objects.requireNonNull(clock, "clock"));
    }

    /** The version watched. */
    public ModelVersion version() {
        return version;
    }

    /** The version's model. */
    public Classifier classifier() {
        return classifier;
    }

    /** What live values are compared with. */
    public Baseline baseline() {
        return baseline;
    }

    /** Adds a listener for closed windows. */
    public void addListener(MonitorListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** Predicts a row with the version's model and observes it. */
    public Prediction predict(long id, Map<String, ?> row) {
        Prediction prediction = classifier.predict(row);
        observe(id, row, prediction);
        return prediction;
    }

    /**
     * Keeps a prediction until its ground truth arrives. An id observed again replaces the earlier
     * prediction.
     *
     * @param row the row as predicted: every profile feature needs a key ({@code null}: missing)
     * @throws DataException naming the feature the row lacks or whose value is not a number
     */
    public void observe(long id, Map<String, ?> row, Prediction prediction) {
        int label = labelIndex(prediction.label());
        synchronized (lock) {
            int existing = find(id);
            if (existing >= 0) {
                remove(id);
                live[existing] = false;
            }
            if (used == pendingIds.length) {
                if (live[head]) {
                    remove(pendingIds[head]);
                    live[head] = false;
                    dropped++;
                }
                head = (head + 1) % pendingIds.length;
                used--;
            }
            int slot = (head + used) % pendingIds.length;
            used++;
            for (int f = 0; f < numeric.length; f++) {
                pendingNumbers[slot * numeric.length + f] = number(row, numeric[f]);
            }
            for (int f = 0; f < categorical.length; f++) {
                pendingCategories[slot * categorical.length + f] = category(row, categorical[f]);
            }
            for (int l = 0; l < width; l++) {
                Double p = prediction.probabilities().get(labels[l]);
                pendingProbabilities[slot * width + l] = p == null ? 0.0 : p;
            }
            pendingPredicted[slot] = label;
            pendingIds[slot] = id;
            live[slot] = true;
            put(id, slot);
        }
    }

    /**
     * Joins the ground truth to the prediction with this id; closes the window when it is full.
     *
     * @return false when no prediction with this id is waiting (never observed, labelled already, or
     *     dropped)
     * @throws IllegalArgumentException when the label is not one of the model's
     */
    public boolean label(long id, String actualLabel) {
        int label = labelIndex(actualLabel);
        WindowReport closed = null;
        synchronized (lock) {
            int slot = find(id);
            if (slot < 0) {
                return false;
            }
            remove(id);
            live[slot] = false;
            System.arraycopy(pendingNumbers, slot * numeric.length, numbers, count * numeric.length, numeric.length);
            System.arraycopy(pendingCategories, slot * categorical.length, categories, count * categorical.length,
                    categorical.length);
            System.arraycopy(pendingProbabilities, slot * width, probabilities, count * width, width);
            predicted[count] = pendingPredicted[slot];
            actual[count] = label;
            count++;
            if (count == config.windowSize()) {
                closed = close();
            }
        }
        if (closed != null) {
            publish(closed);
        }
        return true;
    }

    /** Closes the window now, if it holds a labelled prediction; the report is recorded and published. */
    public Optional<WindowReport> closeWindow() {
        WindowReport closed;
        synchronized (lock) {
            if (count == 0) {
                return Optional.empty();
            }
            closed = close();
        }
        publish(closed);
        return Optional.of(closed);
    }

    /** Predictions dropped unlabelled because more than {@link MonitorConfig#maxPending} were waiting. */
    public long dropped() {
        synchronized (lock) {
            return dropped;
        }
    }

    private void publish(WindowReport report) {
        for (MonitorListener listener : listeners) {
            listener.onWindow(report);
        }
    }

    /** Judges and records the window, then empties it; called with the lock held. */
    private WindowReport close() {
        int n = count;
        count = 0;
        DataTable.Builder table = DataTable.builder();
        for (int f = 0; f < numeric.length; f++) {
            double[] column = new double[n];
            for (int r = 0; r < n; r++) {
                column[r] = numbers[r * numeric.length + f];
            }
            table.numeric(numeric[f], column);
        }
        for (int f = 0; f < categorical.length; f++) {
            String[] column = new String[n];
            for (int r = 0; r < n; r++) {
                column[r] = categories[r * categorical.length + f];
            }
            table.categorical(categorical[f], column);
        }
        DriftReport drift = DriftDetector.of(profile, config.drift())
                .check(table.build(), version.ref() + " training data", "monitor window");
        Severity severity = drift.features().stream().map(FeatureDrift::severity).reduce(Severity.NONE, Severity::max);
        String[] actualLabels = new String[n];
        String[] predictedLabels = new String[n];
        double[][] rows = new double[n][];
        long[] counts = new long[width];
        for (int r = 0; r < n; r++) {
            actualLabels[r] = labels[actual[r]];
            predictedLabels[r] = labels[predicted[r]];
            rows[r] = Arrays.copyOfRange(probabilities, r * width, (r + 1) * width);
            counts[predicted[r]]++;
        }
        ClassificationMetrics metrics = ClassificationMetrics.compute(classifier.labels(), classifier.positiveClass(),
                List.of(actualLabels), List.of(predictedLabels), rows);
        WindowReport report = WindowReport.assess(version.name(), version.version(), instance, clock.instant(), n,
                metrics.asMap(), drift.driftedShare(), severity,
                drift.driftedFeatures().stream().map(FeatureDrift::name).toList(), predictionDrift(counts), baseline,
                config);
        registry.recordPerformance(version.name(), version.version(), report.toRecord());
        Arrays.fill(categories, null);
        return report;
    }

    /** Chi-square homogeneity of the window's predicted labels against validation time's, if known. */
    private OptionalDouble predictionDrift(long[] window) {
        if (baseline.predicted().isEmpty()) {
            return OptionalDouble.empty();
        }
        long[] then = new long[width];
        long total = 0;
        for (int l = 0; l < width; l++) {
            then[l] = baseline.predicted().getOrDefault(labels[l], 0L);
            total += then[l];
        }
        if (total == 0) {
            return OptionalDouble.empty();
        }
        double[] out = new double[3];
        ChiSquareTests.homogeneity(then, window, width, out);
        return OptionalDouble.of(out[1]);
    }

    private int labelIndex(String label) {
        for (int l = 0; l < labels.length; l++) {
            if (labels[l].equals(label)) {
                return l;
            }
        }
        throw new IllegalArgumentException("'" + label + "' is not a label of " + version.ref() + "; labels are "
                + Arrays.toString(labels));
    }

    private double number(Map<String, ?> row, String column) {
        Object value = row.get(column);
        if (value == null) {
            requireKey(row, column);
            return Double.NaN;
        }
        if (value instanceof Number n) {
            double v = n.doubleValue();
            return Double.isInfinite(v) ? Double.NaN : v;
        }
        String text = value.toString();
        if (text.isEmpty()) {
            return Double.NaN;
        }
        try {
            return Numbers.parse(text);
        } catch (NumberFormatException e) {
            throw new DataException("row", 0, column, "not a number: '" + text + "'", e);
        }
    }

    private String category(Map<String, ?> row, String column) {
        Object value = row.get(column);
        if (value == null) {
            requireKey(row, column);
            return null;
        }
        return value instanceof String s ? s : value.toString();
    }

    private void requireKey(Map<String, ?> row, String column) {
        if (!row.containsKey(column)) {
            throw DataException.absentFeature(column, profile.features().stream().map(FeatureProfile::name).toList());
        }
    }

    private static int hash(long id) {
        long h = id * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }

    private int find(long id) {
        for (int i = hash(id) & mask; slots[i] != 0; i = (i + 1) & mask) {
            if (keys[i] == id) {
                return slots[i] - 1;
            }
        }
        return -1;
    }

    private void put(long id, int slot) {
        int i = hash(id) & mask;
        while (slots[i] != 0) {
            i = (i + 1) & mask;
        }
        keys[i] = id;
        slots[i] = slot + 1;
    }

    /** Removes a key, shifting later entries of its probe run back so that lookups need no tombstones. */
    private void remove(long id) {
        int i = hash(id) & mask;
        while (keys[i] != id || slots[i] == 0) {
            i = (i + 1) & mask;
        }
        int gap = i;
        for (int j = (gap + 1) & mask; slots[j] != 0; j = (j + 1) & mask) {
            int home = hash(keys[j]) & mask;
            // the entry at j may move into the gap when its home is not cyclically within (gap, j]
            if (((j - home) & mask) >= ((j - gap) & mask)) {
                keys[gap] = keys[j];
                slots[gap] = slots[j];
                gap = j;
            }
        }
        slots[gap] = 0;
    }
}
