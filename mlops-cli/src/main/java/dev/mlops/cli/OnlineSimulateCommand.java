package dev.mlops.cli;

import dev.mlops.data.CsvTables;
import dev.mlops.data.DataTable;
import dev.mlops.data.FeatureType;
import dev.mlops.online.BufferPolicy;
import dev.mlops.online.Detector;
import dev.mlops.online.OnlineLearner;
import dev.mlops.online.OnlineSchema;
import dev.mlops.online.Optimizer;
import dev.mlops.online.Simulation;
import dev.mlops.online.SimulationResult;
import dev.mlops.online.Strategy;
import dev.mlops.registry.ModelRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code mlops online simulate}: replay a labelled stream through an online learner, prequentially. */
@Command(name = "simulate",
        description = {"Replay the rows of a CSV file in file order through an online learner: each row is"
                + " predicted first and then learned (prequential evaluation), so the accuracy is that of"
                + " predictions made before the label was known.",
                "Features: every column but the label (and --exclude); numeric columns are standardized"
                        + " online, other columns (and --categorical ones) are hashed into --hash-buckets"
                        + " buckets. The labels are those in the label column; a row with an empty label is"
                        + " only predicted. Logistic regression by FTRL-Proximal (default) or AdaGrad.",
                "driftsDetected: the 0-based index of each data row (0 = the first row after the header)"
                        + " at which the detector, watching the error stream, found the error rate rising."})
final class OnlineSimulateCommand implements Callable<Integer> {

    @Option(names = "--data", required = true, paramLabel = "STREAM.csv",
            description = "The stream: header row, comma separated, RFC 4180 quoting; rows in time order.")
    private Path data;

    @Option(names = "--label", required = true, paramLabel = "COL", description = "The label column.")
    private String label;

    @Option(names = "--strategy", paramLabel = "incremental|minibatch|periodic|adaptive", defaultValue = "incremental",
            description = "incremental (default): one update per row; minibatch: one per --batch-size rows;"
                    + " periodic: no updates, a batch-trained model retrained each time --buffer rows have"
                    + " arrived; adaptive: incremental updates plus a validated retraining after drift or a"
                    + " 5-point accuracy drop.")
    private String strategy;

    @Option(names = "--detector", paramLabel = "adwin|ddm|page-hinkley", defaultValue = "adwin",
            description = "The drift detector on the error stream (default adwin, δ = 0.002).")
    private String detector;

    @Option(names = "--optimizer", paramLabel = "ftrl|adagrad", defaultValue = "ftrl",
            description = "ftrl (default; β = 1, no regularization unless --l1/--l2) or adagrad.")
    private String optimizer;

    @Option(names = "--learning-rate", paramLabel = "A", defaultValue = "0.1",
            description = "FTRL's α or AdaGrad's learning rate (default 0.1).")
    private double learningRate;

    @Option(names = "--l1", paramLabel = "L", defaultValue = "0", description = "FTRL's L1 strength (default 0).")
    private double l1;

    @Option(names = "--l2", paramLabel = "L", defaultValue = "0", description = "L2 strength (default 0).")
    private double l2;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "32",
            description = "Rows per update of the minibatch strategy (default 32).")
    private int batchSize;

    @Option(names = "--buffer", paramLabel = "N", defaultValue = "2000",
            description = "Recent rows kept for retraining (default 2000).")
    private int buffer;

    @Option(names = "--window", paramLabel = "N", defaultValue = "1000",
            description = "Rows in the windowed accuracy (default 1000).")
    private int window;

    @Option(names = "--hash-buckets", paramLabel = "N", defaultValue = "1024",
            description = "Buckets categorical values are hashed into (default 1024).")
    private int hashBuckets;

    @Option(names = "--exclude", split = ",", paramLabel = "a,b",
            description = "Columns that are not features (ids, timestamps).")
    private List<String> exclude = List.of();

    @Mixin
    private CategoricalOption categorical;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "42",
            description = "Seed of challenger training and validation (default 42).")
    private long seed;

    @Option(names = "--register", paramLabel = "NAME",
            description = "Register challengers as versions of NAME in --store, with their validation reports;"
                    + " promote the ones that pass, roll back the ones that disappoint.")
    private String register;

    @Mixin
    private StoreOptions store;

    @Mixin
    private OutputOptions output;

    @Override
    public Integer call() {
        Strategy chosen = option("--strategy", strategy, () -> Strategy.parse(strategy));
        Detector watching = option("--detector", detector, () -> Detector.parse(detector));
        Optimizer learning = optimizer();
        BufferPolicy kept = option("--buffer", buffer, () -> BufferPolicy.sliding(buffer));
        DataTable table = read();
        OnlineSchema schema = schema(table);
        OnlineLearner.Builder builder = OnlineLearner.builder(schema)
                .strategy(chosen)
                .optimizer(learning)
                .detector(watching)
                .buffer(kept)
                .seed(seed);
        option("--batch-size", batchSize, () -> builder.batchSize(batchSize));
        option("--window", window, () -> builder.window(window));
        SimulationResult result;
        if (register == null) {
            try (Simulation simulation = builder.simulation()) {
                result = simulation.run(table);
            }
        } else {
            try (ModelRegistry registry = store.open(); Simulation simulation = builder.registry(registry).name(register)
                    .simulation()) {
                result = simulation.run(table);
            }
        }
        output.print(Json.read(result.toJson()), () -> text(result));
        return ExitCodes.OK;
    }

    /** The CSV through the shared reader, strictly UTF-8, the label always as text. */
    private DataTable read() {
        return CsvTables.read(data, categorical.columns(), Map.of(label, FeatureType.CATEGORICAL));
    }

    private OnlineSchema schema(DataTable table) {
        if (table.type(label).isEmpty()) {
            throw new IllegalArgumentException("--label " + label + ": no such column in " + data + "; columns are "
                    + table.columnNames());
        }
        Set<String> dropped = new LinkedHashSet<>(exclude);
        for (String column : dropped) {
            if (table.type(column).isEmpty() || column.equals(label)) {
                throw new IllegalArgumentException("--exclude " + column + ": not a feature column of " + data);
            }
        }
        List<String> kept = new ArrayList<>(table.columnNames());
        kept.removeAll(dropped);
        OnlineSchema inferred = OnlineSchema.infer(table.select(kept), label);
        return inferred.categorical().isEmpty() ? inferred
                : inferred.withCategorical(inferred.categorical(), hashBuckets);
    }

    private Optimizer optimizer() {
        return option("--learning-rate/--l1/--l2", learningRate + "/" + l1 + "/" + l2,
                () -> switch (optimizer.strip().toLowerCase(Locale.ROOT)) {
                    case "ftrl" -> Optimizer.ftrl(learningRate, 1, l1, l2);
                    case "adagrad" -> {
                        if (l1 != 0) {
                            throw new IllegalArgumentException("--l1 applies to ftrl only");
                        }
                        yield Optimizer.adaGrad(learningRate, 1e-8, l2);
                    }
                    default -> throw new IllegalArgumentException("--optimizer " + optimizer + ": use ftrl or adagrad");
                });
    }

    /** Runs {@code make}, naming the option in the message of an argument it refuses. */
    private static <T> T option(String name, Object value, java.util.function.Supplier<T> make) {
        try {
            return make.get();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage().startsWith("--") ? e.getMessage()
                    : name + " " + value + ": " + e.getMessage(), e);
        }
    }

    private String text(SimulationResult r) {
        List<Integer> drifts = r.driftsDetected();
        String where = drifts.isEmpty() ? "no drift detected"
                : "drift detected at row" + (drifts.size() > 1 ? "s " : " ") + list(drifts);
        return String.format(Locale.ROOT, "%s: %,d rows replayed (%s, %s) — prequential accuracy %s, kappa %s,"
                        + " last %,d rows %s%n%,d updates, %d retrains (%d promoted, %d rejected, %d rolled back); %s%n%,.0f rows/s",
                data, r.samples() + r.unlabeled(), r.strategy().id(), r.detector().name(),
                percent(r.prequentialAccuracy()), decimal(r.kappa()), Math.min(window, r.samples()),
                percent(r.windowAccuracy()), r.updates(), r.retrains(), r.promotions(), r.rejections(), r.rollbacks(),
                where, r.samplesPerSecond())
                + (r.unlabeled() > 0 ? String.format(Locale.ROOT, "; %,d rows without a label were only predicted",
                        r.unlabeled()) : "");
    }

    private static String list(List<Integer> rows) {
        List<String> shown = new ArrayList<>();
        for (int i = 0; i < Math.min(rows.size(), 10); i++) {
            shown.add(Integer.toString(rows.get(i)));
        }
        return String.join(", ", shown) + (rows.size() > 10 ? " and " + (rows.size() - 10) + " more" : "");
    }

    private static String percent(double value) {
        return Double.isFinite(value) ? String.format(Locale.ROOT, "%.2f%%", 100 * value) : "n/a";
    }

    private static String decimal(double value) {
        return Double.isFinite(value) ? String.format(Locale.ROOT, "%.3f", value) : "n/a";
    }
}
