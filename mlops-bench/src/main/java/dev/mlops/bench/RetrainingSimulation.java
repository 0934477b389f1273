package dev.mlops.bench;

import dev.mlops.core.ModelRegistries;
import dev.mlops.data.LabeledData;
import dev.mlops.model.Classifier;
import dev.mlops.model.Classifiers;
import dev.mlops.model.Prediction;
import dev.mlops.monitoring.ModelMonitor;
import dev.mlops.monitoring.MonitorConfig;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelVersion;
import dev.mlops.retraining.Retrainer;
import dev.mlops.retraining.RetrainingOutcome;
import dev.mlops.retraining.RetrainingPolicy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;

/**
 * Monitoring and policy retraining on streams served day by day, labels known {@value #LABEL_DELAY}
 * days later. Each day the production version predicts the day's rows under a {@link ModelMonitor}
 * (one window per day of labels), the labelled rows of the last few days are the policy's data, and
 * {@code mlops retrain}'s {@link Retrainer} runs.
 *
 * <p>The first model is fair: the same {@link Retrainer} trains it (no production version yet) on the
 * history the stream starts from, as many days as every later challenger is trained on, so that a
 * later challenger is never promoted merely for having seen more data. (With a first model trained on
 * two days where challengers saw three, 2 of 20 streams without change promoted, and in both the
 * challenger really was more accurate on 20,000 fresh rows: 0.8941 against 0.8795, 0.8900 against
 * 0.8668; the test was right, the comparison unfair.)
 *
 * <ul>
 *   <li>SEA (Street and Kim 2001: x1, x2, x3 uniform on [0, 10], label 1 when x1 + x2 ≤ θ, 10 % of
 *       labels flipped), 500 rows a day, three days of history and a window of three labelled days;
 *       triggers metricDrop (accuracy 0.03 below validation time) and drift (MEDIUM); the challenger
 *       must beat the champion's accuracy by 2 % on the newest 20 % of the rows, significantly
 *       (McNemar, α = 0.01). With a change (θ from 8 to 10 on day 10): days from the change to a
 *       promoted model, accuracy on the days after the change with retraining against the first
 *       model's on the same rows. Without one: promotions over 20 seeds, each with the champion's and
 *       challenger's accuracy on 20,000 fresh rows.</li>
 *   <li>credit-g (the real data set in {@code data/}) split by age: applicants of 30 or older first,
 *       then those under 30, 40 rows a day, five days of history and a window of five labelled days;
 *       triggers metricDrop (accuracy 0.05) and drift (MEDIUM); the challenger must beat the
 *       champion's accuracy by 2 % on the newest 25 %, significantly at α = 0.05.</li>
 * </ul>
 *
 * <pre>
 * ./mvnw -q package -DskipTests -pl mlops-bench -am
 * java -cp mlops-bench/target/benchmarks.jar dev.mlops.bench.RetrainingSimulation [data/credit-g.csv]
 * </pre>
 */
public final class RetrainingSimulation {

    private static final int LABEL_DELAY = 2;
    private static final String SEA_POLICY = "{\"label\":\"y\",\"data\":{\"csv\":\"recent.csv\"},"
            + "\"triggers\":{\"metricDrop\":{\"accuracy\":0.03},\"drift\":\"MEDIUM\"},"
            + "\"validation\":{\"holdoutFraction\":0.2,\"minImprovement\":{\"accuracy\":\"2%\"},\"significance\":0.01},"
            + "\"lease\":\"PT5M\"}";
    private static final String CREDIT_POLICY = "{\"label\":\"class\",\"data\":{\"csv\":\"recent.csv\"},"
            + "\"triggers\":{\"metricDrop\":{\"accuracy\":0.05},\"drift\":\"MEDIUM\"},"
            + "\"validation\":{\"holdoutFraction\":0.25,\"minImprovement\":{\"accuracy\":\"2%\"},\"significance\":0.05},"
            + "\"lease\":\"PT5M\"}";

    private RetrainingSimulation() {
    }

    /**
     * A stream: its CSV header and days of CSV lines, the day it changes (or -1), how many days of
     * history train the first model (also the policy's window), and the policy.
     */
    record Scenario(String model, String header, String label, List<List<String>> days, int changeDay, int window,
            String policy) {
    }

    /**
     * What one seeded run did: the day of the first promotion whose data held labels from after the
     * change (-1: none), promotions and validations in all, and the accuracy on the days from the change.
     */
    record Run(int firstPromotionDay, int promotions, int validations, double accuracyAfter, double accuracyWithout,
            List<String> promoted) {
    }

    public static void main(String[] args) throws IOException {
        System.out.println("SEA, theta 8 -> 10 on day 10, 500 rows a day, labels " + LABEL_DELAY + " days late:");
        for (int seed = 1; seed <= 5; seed++) {
            Run r = run(sea(seed, true), null);
            System.out.printf(Locale.ROOT, "  %s (%d promotions); accuracy days 10-19: %.3f retrained, %.3f without%n",
                    r.firstPromotionDay() < 0 ? "no promotion on post-change labels" : "promoted " + (r.firstPromotionDay() - 10)
                            + " days after the change", r.promotions(), r.accuracyAfter(), r.accuracyWithout());
        }
        int falsePromotions = 0;
        int validations = 0;
        for (int seed = 101; seed <= 120; seed++) {
            Run r = run(sea(seed, false), RetrainingSimulation::seaAccuracy);
            falsePromotions += r.promotions();
            validations += r.validations();
            r.promoted().forEach(p -> System.out.println("  no change, " + p));
        }
        System.out.println("SEA without change, 20 seeds: " + validations + " challengers validated, " + falsePromotions
                + " promoted (false promotions)");
        if (args.length > 0) {
            List<String> lines = Files.readAllLines(Path.of(args[0]));
            System.out.println("credit-g by age (30 or older, then under 30), 40 rows a day, labels " + LABEL_DELAY
                    + " days late:");
            for (int seed = 1; seed <= 5; seed++) {
                Scenario credit = creditByAge(lines, seed);
                Run r = run(credit, null);
                System.out.printf(Locale.ROOT, "  %s (%d promotions, %d validated); accuracy on the %d days after the"
                                + " change: %.3f retrained, %.3f without%n", r.firstPromotionDay() < 0 ? "no promotion on post-change labels"
                                : "promoted " + (r.firstPromotionDay() - credit.changeDay()) + " days after the change",
                        r.promotions(), r.validations(), credit.days().size() - credit.changeDay(), r.accuracyAfter(),
                        r.accuracyWithout());
            }
        }
    }

    /** 20 days of 500 SEA rows; θ 8, or 10 from day 10 when {@code change}. */
    static Scenario sea(long seed, boolean change) {
        SplittableRandom random = new SplittableRandom(seed);
        List<List<String>> days = new ArrayList<>();
        for (int day = 0; day < 20; day++) {
            double theta = change && day >= 10 ? 10 : 8;
            List<String> rows = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                double x1 = 10 * random.nextDouble();
                double x2 = 10 * random.nextDouble();
                double x3 = 10 * random.nextDouble();
                boolean label = x1 + x2 <= theta ^ random.nextDouble() < 0.1;
                rows.add(String.format(Locale.ROOT, "%.4f,%.4f,%.4f,%s", x1, x2, x3, label ? "1" : "0"));
            }
            days.add(rows);
        }
        return new Scenario("sea", "x1,x2,x3,y", "y", days, change ? 10 : -1, 3, SEA_POLICY);
    }

    /** Accuracy on 20,000 fresh rows of the SEA stream without change (θ 8): the model's true accuracy. */
    static double seaAccuracy(Classifier model) {
        SplittableRandom random = new SplittableRandom(42);
        int right = 0;
        for (int i = 0; i < 20_000; i++) {
            double x1 = 10 * random.nextDouble();
            double x2 = 10 * random.nextDouble();
            double x3 = 10 * random.nextDouble();
            boolean label = x1 + x2 <= 8 ^ random.nextDouble() < 0.1;
            right += model.predict(Map.of("x1", x1, "x2", x2, "x3", x3)).label().equals(label ? "1" : "0") ? 1 : 0;
        }
        return right / 20_000.0;
    }

    /** credit-g shuffled by the seed within each group: 30 or older first, then under 30; 40 rows a day. */
    static Scenario creditByAge(List<String> lines, long seed) {
        int age = List.of(lines.get(0).split(",")).indexOf("age");
        List<String> older = new ArrayList<>();
        List<String> younger = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            (Double.parseDouble(line.split(",")[age]) >= 30 ? older : younger).add(line);
        }
        Collections.shuffle(older, new Random(seed));
        Collections.shuffle(younger, new Random(seed));
        List<List<String>> days = new ArrayList<>();
        for (List<String> group : List.of(older, younger)) {
            for (int from = 0; from + 40 <= group.size(); from += 40) {
                days.add(group.subList(from, from + 40));
            }
        }
        return new Scenario("credit", lines.get(0), "class", days, older.size() / 40, 5, CREDIT_POLICY);
    }

    /**
     * One run: the first {@code window} days are history the first model is trained on; from then on
     * each day is served, labelled {@value #LABEL_DELAY} days later, and the policy run.
     *
     * @param truth the true accuracy of a model on the stream without change, or null
     */
    static Run run(Scenario s, ToDoubleFunction<Classifier> truth) throws IOException {
        Path dir = Files.createTempDirectory("mlops-simulation");
        List<String> all = new ArrayList<>(List.of(s.header()));
        s.days().forEach(all::addAll);
        Files.write(dir.resolve("all.csv"), all);
        LabeledData rows = LabeledData.fromCsv(dir.resolve("all.csv"), s.label());
        int[] perDayOffset = new int[s.days().size() + 1];
        for (int d = 0; d < s.days().size(); d++) {
            perDayOffset[d + 1] = perDayOffset[d] + s.days().get(d).size();
        }
        try (ModelRegistry registry = ModelRegistries.open("file:" + dir.resolve("store"))) {
            RetrainingPolicy policy = RetrainingPolicy.parse(s.policy(), "simulation", dir);
            write(dir.resolve("recent.csv"), s.header(), s.days().subList(0, s.window()));
            RetrainingOutcome first = Retrainer.of(registry, policy).run(s.model());
            if (first.decision() != RetrainingOutcome.Decision.PROMOTED) {
                throw new IllegalStateException("the first model was not promoted: " + first.reason());
            }
            Classifier firstModel = Classifiers.load(registry, s.model() + "@production");
            Map<Integer, String> truthById = new HashMap<>();
            List<String> promoted = new ArrayList<>();
            int firstPromotion = -1;
            int promotions = 0;
            int validations = 0;
            long correct = 0;
            long correctWithout = 0;
            long counted = 0;
            ModelMonitor monitor = null;
            for (int day = s.window(); day < s.days().size(); day++) {
                ModelVersion production = registry.get(s.model() + "@production");
                if (monitor == null || monitor.version().version() != production.version()) {
                    monitor = ModelMonitor.of(registry, production, Classifiers.load(registry,
                            production.ref().toString()), MonitorConfig.defaults().withWindowSize(s.days().get(day)
                            .size()), "simulation", InstantSource.system());
                }
                boolean after = s.changeDay() >= 0 && day >= s.changeDay();
                for (int id = perDayOffset[day]; id < perDayOffset[day + 1]; id++) {
                    Map<String, Object> row = rows.table().row(id);
                    String actual = rows.labels().get(id);
                    Prediction p = monitor.predict(id, row);
                    truthById.put(id, actual);
                    if (after) {
                        counted++;
                        correct += p.label().equals(actual) ? 1 : 0;
                        correctWithout += firstModel.predict(row).label().equals(actual) ? 1 : 0;
                    }
                }
                int labelled = Math.max(s.window() - 1, day - LABEL_DELAY);
                if (day - LABEL_DELAY >= s.window()) {
                    for (int id = perDayOffset[labelled]; id < perDayOffset[labelled + 1]; id++) {
                        monitor.label(id, truthById.remove(id));
                    }
                }
                write(dir.resolve("recent.csv"), s.header(), s.days().subList(labelled - s.window() + 1, labelled + 1));
                RetrainingOutcome outcome = Retrainer.of(registry, policy).run(s.model());
                validations += outcome.validation().isPresent() ? 1 : 0;
                if (outcome.decision() == RetrainingOutcome.Decision.PROMOTED) {
                    promotions++;
                    // the response to the change: the first promotion whose data holds labels from after it
                    if (firstPromotion < 0 && s.changeDay() >= 0 && labelled >= s.changeDay()) {
                        firstPromotion = day;
                    }
                    if (truth != null) {
                        promoted.add(String.format(Locale.ROOT, "day %d: %s; accuracy on fresh rows: champion %.4f,"
                                        + " challenger %.4f", day, outcome.reason(),
                                truth.applyAsDouble(Classifiers.load(registry, outcome.champion().orElseThrow().ref()
                                        .toString())),
                                truth.applyAsDouble(Classifiers.load(registry, outcome.challenger().orElseThrow().ref()
                                        .toString()))));
                    }
                }
            }
            return new Run(firstPromotion, promotions, validations, (double) correct / Math.max(1, counted),
                    (double) correctWithout / Math.max(1, counted), promoted);
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void write(Path file, String header, List<List<String>> days) {
        List<String> lines = new ArrayList<>(List.of(header));
        days.forEach(lines::addAll);
        try {
            Files.write(file, lines);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
