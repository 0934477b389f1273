package dev.mlops.online;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The accuracy targets on seeded synthetic streams, measured prequentially (each example
 * predicted before it is learned), with the default settings of each strategy.
 */
@DisplayName("adaptive learning on drifting streams")
class StreamTargetsTest {

    private static final String[] NONE = new String[0];

    /** Per example, whether the prequential prediction was right. */
    private static boolean[] run(Strategy strategy, OnlineSchema schema, List<Streams.Row> rows) {
        boolean[] right = new boolean[rows.size()];
        double[] p = new double[schema.labels().size()];
        try (Simulation simulation = OnlineLearner.builder(schema).strategy(strategy).simulation()) {
            for (int i = 0; i < rows.size(); i++) {
                right[i] = simulation.step(rows.get(i).x(), NONE, rows.get(i).label(), p) == rows.get(i).label();
            }
        }
        return right;
    }

    private static double accuracy(boolean[] right, int from, int to) {
        int n = 0;
        for (int i = from; i < to; i++) {
            n += right[i] ? 1 : 0;
        }
        return (double) n / (to - from);
    }

    private static String percent(double value) {
        return String.format(Locale.ROOT, "%.2f%%", 100 * value);
    }

    @Test
    @DisplayName("SEA, 10% noise, abrupt changes every 20,000: adaptive recovers to within 2 points in 5,000 examples and ends above incremental")
    void sea() {
        int per = 20_000;
        List<Streams.Row> rows = Streams.sea(11, 0.1, per, 8, 9, 7, 9.5);
        OnlineSchema schema = OnlineSchema.of("y", List.of("0", "1"), Streams.names("x", 3));
        boolean[] adaptive = run(Strategy.ADAPTIVE, schema, rows);
        boolean[] incremental = run(Strategy.INCREMENTAL, schema, rows);
        StringBuilder report = new StringBuilder("SEA (ceiling 90.00%):");
        for (int change = per; change < rows.size(); change += per) {
            double before = accuracy(adaptive, change - 2_000, change);
            double after = accuracy(adaptive, change + 3_000, change + 5_000);
            report.append(String.format(Locale.ROOT, "%n  change at %d: adaptive %s before, %s in examples +3,000..+5,000"
                    + " (incremental %s, %s); first 2,000 after: adaptive %s, incremental %s", change, percent(before),
                    percent(after), percent(accuracy(incremental, change - 2_000, change)),
                    percent(accuracy(incremental, change + 3_000, change + 5_000)),
                    percent(accuracy(adaptive, change, change + 2_000)),
                    percent(accuracy(incremental, change, change + 2_000))));
            assertThat(after).as("recovery after the change at %d", change).isGreaterThanOrEqualTo(before - 0.02);
        }
        double adaptiveTotal = accuracy(adaptive, 0, rows.size());
        double incrementalTotal = accuracy(incremental, 0, rows.size());
        report.append(String.format(Locale.ROOT, "%n  whole stream: adaptive %s, incremental %s", percent(adaptiveTotal),
                percent(incrementalTotal)));
        System.out.println(report);
        assertThat(adaptiveTotal).isGreaterThan(incrementalTotal).isLessThan(0.905);
    }

    @Test
    @DisplayName("rotating hyperplane, 10 features, 5% noise: adaptive ends above incremental")
    void hyperplane() {
        List<Streams.Row> rows = Streams.hyperplane(3, 10, 100_000, 0.001, 0.1, 0.05);
        OnlineSchema schema = OnlineSchema.of("y", List.of("0", "1"), Streams.names("x", 10));
        boolean[] adaptive = run(Strategy.ADAPTIVE, schema, rows);
        boolean[] incremental = run(Strategy.INCREMENTAL, schema, rows);
        boolean[] periodic = run(Strategy.PERIODIC, schema, rows);
        double a = accuracy(adaptive, 0, rows.size());
        double i = accuracy(incremental, 0, rows.size());
        System.out.printf(Locale.ROOT, "rotating hyperplane (ceiling 95.00%%): adaptive %s, incremental %s, periodic %s%n",
                percent(a), percent(i), percent(accuracy(periodic, 0, rows.size())));
        assertThat(a).isGreaterThan(i).isLessThan(0.955);
    }
}
