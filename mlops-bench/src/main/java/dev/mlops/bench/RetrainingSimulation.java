package dev.mlops.bench;

import dev.mlops.core.ModelRegistries;
import dev.mlops.data.LabeledData;
import dev.mlops.model.Prediction;
import dev.mlops.monitoring.ModelMonitor;
import dev.mlops.monitoring.MonitorConfig;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.Stage;
import dev.mlops.retraining.Promotions;
import dev.mlops.retraining.Retrainer;
import dev.mlops.retraining.RetrainingOutcome;
import dev.mlops.retraining.RetrainingPolicy;
import dev.mlops.training.Algorithm;
import dev.mlops.training.Trainer;
import dev.mlops.training.TrainingSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * Monitoring and policy retraining on a seeded SEA stream (Street and Kim 2001: x1, x2, x3 uniform
 * on [0, 10], label 1 when x1 + x2 ≤ θ, 10 % of labels flipped) served day by day: 500 rows a day,
 * their labels known two days later. Each day the production version predicts the day's rows under
 * a {@link ModelMonitor} (one window per day of labels), the labelled rows of the last three days are
 * the policy's data, and {@code mlops retrain}'s {@link Retrainer} runs: triggers metricDrop
 * (accuracy 0.03 below validation time) and drift (MEDIUM); the challenger must beat the champion's
 * accuracy by 2 % on the newest 20 % of the rows, significantly (α = 0.01). The first model is
 * trained on days 0 and 1.
 *
 * <p>With a change (θ from 8 to 10 on day 10): days from the change to a promoted model, and the
 * accuracy on days 10-19 with retraining against the first model's on the same rows. Without one:
 * promotions over 20 seeds (each a false one).
 *
 * <pre>
 * ./mvnw -q package -DskipTests -pl mlops-bench -am
 * java -cp mlops-bench/target/benchmarks.jar dev.mlops.bench.RetrainingSimulation
 * </pre>
 */
public final class RetrainingSimulation {

    private static final int DAYS = 20;
    private static final int ROWS_PER_DAY = 500;
    private static final int LABEL_DELAY = 2;
    private static final int CHANGE_DAY = 10;
    private static final String POLICY = "{\"label\":\"y\",\"data\":{\"csv\":\"recent.csv\"},"
            + "\"triggers\":{\"metricDrop\":{\"accuracy\":0.03},\"drift\":\"MEDIUM\"},"
            + "\"validation\":{\"holdoutFraction\":0.2,\"minImprovement\":{\"accuracy\":\"2%\"},\"significance\":0.01},"
            + "\"lease\":\"PT5M\"}";

    private RetrainingSimulation() {
    }

    /** One seeded run: what happened each day. */
    record Run(int firstPromotionDay, int promotions, double accuracyAfter, double accuracyWithout) {
    }

    public static void main(String[] args) throws IOException {
        List<Run> changes = new ArrayList<>();
        for (int seed = 1; seed <= 5; seed++) {
            changes.add(run(seed, true));
        }
        int falsePromotions = 0;
        for (int seed = 101; seed <= 120; seed++) {
            falsePromotions += run(seed, false).promotions();
        }
        System.out.println("SEA, theta 8 -> 10 on day " + CHANGE_DAY + ", " + ROWS_PER_DAY + " rows a day, labels "
                + LABEL_DELAY + " days late:");
        for (Run r : changes) {
            System.out.printf(Locale.ROOT, "  promoted %d days after the change (%d promotions); accuracy days %d-%d:"
                            + " %.3f retrained, %.3f without%n", r.firstPromotionDay() - CHANGE_DAY, r.promotions(),
                    CHANGE_DAY, DAYS - 1, r.accuracyAfter(), r.accuracyWithout());
        }
        System.out.println("No change, 20 seeds: " + falsePromotions + " promotions (false ones)");
    }

    static Run run(long seed, boolean change) throws IOException {
        Path dir = Files.createTempDirectory("mlops-simulation");
        SplittableRandom random = new SplittableRandom(seed);
        List<List<String>> days = new ArrayList<>();
        for (int day = 0; day < DAYS; day++) {
            double theta = change && day >= CHANGE_DAY ? 10 : 8;
            List<String> rows = new ArrayList<>();
            for (int i = 0; i < ROWS_PER_DAY; i++) {
                double x1 = 10 * random.nextDouble();
                double x2 = 10 * random.nextDouble();
                double x3 = 10 * random.nextDouble();
                boolean label = x1 + x2 <= theta ^ random.nextDouble() < 0.1;
                rows.add(String.format(Locale.ROOT, "%.4f,%.4f,%.4f,%s", x1, x2, x3, label ? "1" : "0"));
            }
            days.add(rows);
        }
        try (ModelRegistry registry = ModelRegistries.open("file:" + dir.resolve("store"));
             Trainer trainer = Trainer.builder().registry(registry).build()) {
            write(dir.resolve("first.csv"), days.subList(0, 2));
            trainer.train(LabeledData.fromCsv(dir.resolve("first.csv"), "y"),
                    TrainingSpec.builder(Algorithm.LOGISTIC).folds(0).seed(seed).registerAs("sea").build());
            Promotions.promote(registry, registry.get("sea:1").ref(), Stage.PRODUCTION, "first model");
            ModelVersion first = registry.get("sea:1");
            var firstModel = dev.mlops.model.Classifiers.load(registry, "sea:1");
            RetrainingPolicy policy = RetrainingPolicy.parse(POLICY, "simulation", dir);
            Map<Long, String> truth = new HashMap<>();
            int firstPromotion = -1;
            int promotions = 0;
            long correct = 0;
            long correctWithout = 0;
            long counted = 0;
            ModelMonitor monitor = null;
            for (int day = 2; day < DAYS; day++) {
                ModelVersion production = registry.get("sea@production");
                if (monitor == null || monitor.version().version() != production.version()) {
                    monitor = ModelMonitor.of(registry, production, dev.mlops.model.Classifiers.load(registry,
                            production.ref().toString()), MonitorConfig.defaults().withWindowSize(ROWS_PER_DAY),
                            "simulation", InstantSource.system());
                }
                for (int i = 0; i < ROWS_PER_DAY; i++) {
                    String[] cells = days.get(day).get(i).split(",");
                    Map<String, Object> row = Map.of("x1", Double.parseDouble(cells[0]), "x2",
                            Double.parseDouble(cells[1]), "x3", Double.parseDouble(cells[2]));
                    long id = (long) day * ROWS_PER_DAY + i;
                    Prediction p = monitor.predict(id, row);
                    truth.put(id, cells[3]);
                    if (day >= CHANGE_DAY) {
                        counted++;
                        correct += p.label().equals(cells[3]) ? 1 : 0;
                        correctWithout += firstModel.predict(row).label().equals(cells[3]) ? 1 : 0;
                    }
                }
                int labelled = day - LABEL_DELAY;
                if (labelled >= 2) {
                    for (int i = 0; i < ROWS_PER_DAY; i++) {
                        long id = (long) labelled * ROWS_PER_DAY + i;
                        monitor.label(id, truth.remove(id));
                    }
                }
                write(dir.resolve("recent.csv"), days.subList(Math.max(0, labelled - 2), labelled + 1));
                RetrainingOutcome outcome = Retrainer.of(registry, policy).run("sea");
                if (outcome.decision() == RetrainingOutcome.Decision.PROMOTED) {
                    promotions++;
                    if (firstPromotion < 0 && (!change || day >= CHANGE_DAY)) {
                        firstPromotion = day;
                    }
                }
            }
            return new Run(firstPromotion, promotions, (double) correct / Math.max(1, counted),
                    (double) correctWithout / Math.max(1, counted));
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void write(Path file, List<List<String>> days) {
        List<String> lines = new ArrayList<>(List.of("x1,x2,x3,y"));
        days.forEach(lines::addAll);
        try {
            Files.write(file, lines);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
