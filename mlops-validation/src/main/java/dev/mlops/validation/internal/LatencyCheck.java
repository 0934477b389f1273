package dev.mlops.validation.internal;

import dev.mlops.data.DataTable;
import dev.mlops.data.FeatureType;
import dev.mlops.model.Classifier;
import dev.mlops.validation.Check;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * The 99th percentile of single-row prediction time stays within a budget, measured the way a
 * service that has been running for a while would see it. Rows of the evaluation data, turned into
 * column → value maps beforehand, are predicted one at a time ({@link Classifier#predict(Map)},
 * which includes turning the row into features).
 *
 * <p>A fresh JVM runs the prediction code interpreted, then compiles it in stages in the
 * background; timed too early, the p99 is the compiler's, not the model's (7 ms against a median of
 * 0.04 ms). So the check first warms up in rounds of {@code samples} predictions, which count for
 * nothing but their own p99, until at least {@value #WARM_UP_PREDICTIONS} predictions or
 * {@value #WARM_UP_MILLIS} ms have gone by and the last round's p99 is within a factor of
 * {@value #SETTLED} of the round's before, either way (at most {@value #MAX_WARM_UP_MILLIS} ms: a
 * model whose timing never settles is measured as it is, and the detail says so). Then
 * {@code samples} predictions are timed and recorded in an HdrHistogram with three significant
 * digits.
 *
 * @param budget the largest acceptable p99
 * @param samples measured predictions
 */
public record LatencyCheck(Duration budget, int samples) implements CheckRunner {

    /** Predictions that warm-up runs at least (unless {@link #WARM_UP_MILLIS} pass first). */
    static final int WARM_UP_PREDICTIONS = 20_000;
    /** Time warm-up runs at least (unless {@link #WARM_UP_PREDICTIONS} are done first). */
    static final long WARM_UP_MILLIS = 1_000;
    /** Longest warm-up. */
    static final long MAX_WARM_UP_MILLIS = 5_000;
    /** How close two rounds' p99 must be for the timing to count as settled. */
    static final double SETTLED = 1.5;

    @Override
    public List<Check> run(Evaluation evaluation) {
        List<Map<String, Object>> rows = rows(evaluation.table(), evaluation.model().featureColumns());
        Classifier model = evaluation.model();
        long warmUpStart = System.nanoTime();
        long predictions = 0;
        double previous = Double.NaN;
        boolean settled = false;
        int next = 0;
        while (true) {
            Histogram round = new Histogram(3);
            next = time(model, rows, next, round);
            predictions += samples;
            double p99 = round.getValueAtPercentile(99);
            long elapsedMillis = (System.nanoTime() - warmUpStart) / 1_000_000;
            boolean longEnough = predictions >= WARM_UP_PREDICTIONS || elapsedMillis >= WARM_UP_MILLIS;
            settled = p99 <= SETTLED * previous && p99 * SETTLED >= previous;
            if (longEnough && settled || elapsedMillis >= MAX_WARM_UP_MILLIS) {
                break;
            }
            previous = p99;
        }
        double warmUpMillis = (System.nanoTime() - warmUpStart) / 1e6;
        Histogram histogram = new Histogram(3);
        time(model, rows, next, histogram);
        double p99 = histogram.getValueAtPercentile(99) / 1e6;
        double limit = budget.toNanos() / 1e6;
        boolean passed = p99 <= limit;
        String detail = "p99 of " + samples + " single-row predictions " + Numbers.format(p99) + " ms"
                + (passed ? " ≤ " : " > ") + Numbers.format(limit) + " ms (median " + Numbers.format(
                        histogram.getValueAtPercentile(50) / 1e6) + " ms, max " + Numbers.format(histogram.getMaxValue() / 1e6)
                + " ms; after " + predictions + " warm-up predictions in " + Math.round(warmUpMillis) + " ms"
                + (settled ? "" : ", which did not settle") + ")";
        return List.of(new Check("latency.p99", p99, limit, passed, detail));
    }

    /** Times {@code samples} predictions from row {@code first} on, cycling; returns the next row. */
    private int time(Classifier model, List<Map<String, Object>> rows, int first, Histogram histogram) {
        int r = first;
        for (int i = 0; i < samples; i++) {
            Map<String, Object> row = rows.get(r);
            r = r + 1 == rows.size() ? 0 : r + 1;
            long start = System.nanoTime();
            model.predict(row);
            histogram.recordValue(Math.max(1, System.nanoTime() - start));
        }
        return r;
    }

    private static List<Map<String, Object>> rows(DataTable table, Map<String, FeatureType> features) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int r = 0; r < table.rowCount(); r++) {
            rows.add(new HashMap<>());
        }
        for (String column : features.keySet()) {
            if (table.type(column).isEmpty()) {
                continue;  // prediction reports the missing column
            }
            if (table.type(column).orElseThrow() == FeatureType.NUMERIC) {
                double[] values = table.numeric(column).orElseThrow();
                for (int r = 0; r < values.length; r++) {
                    rows.get(r).put(column, Double.isNaN(values[r]) ? null : values[r]);
                }
            } else {
                List<String> values = table.categorical(column).orElseThrow();
                for (int r = 0; r < values.size(); r++) {
                    rows.get(r).put(column, values.get(r).isEmpty() ? null : values.get(r));
                }
            }
        }
        return rows;
    }
}
