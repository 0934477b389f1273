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
 * The 99th percentile of single-row prediction time stays within a budget. Rows of the evaluation
 * data, turned into column → value maps beforehand, are predicted one at a time
 * ({@link Classifier#predict(Map)}, which includes turning the row into features): first
 * {@code samples / 5} unmeasured calls to warm up, then {@code samples} measured ones, recorded in
 * an HdrHistogram with three significant digits.
 *
 * @param budget the largest acceptable p99
 * @param samples measured predictions
 */
public record LatencyCheck(Duration budget, int samples) implements CheckRunner {

    @Override
    public List<Check> run(Evaluation evaluation) {
        List<Map<String, Object>> rows = rows(evaluation.table(), evaluation.model().featureColumns());
        Classifier model = evaluation.model();
        for (int i = 0; i < samples / 5; i++) {
            model.predict(rows.get(i % rows.size()));
        }
        Histogram histogram = new Histogram(3);
        for (int i = 0; i < samples; i++) {
            Map<String, Object> row = rows.get(i % rows.size());
            long start = System.nanoTime();
            model.predict(row);
            histogram.recordValue(Math.max(1, System.nanoTime() - start));
        }
        double p99 = histogram.getValueAtPercentile(99) / 1e6;
        double limit = budget.toNanos() / 1e6;
        boolean passed = p99 <= limit;
        String detail = "p99 of " + samples + " single-row predictions " + Numbers.format(p99) + " ms"
                + (passed ? " ≤ " : " > ") + Numbers.format(limit) + " ms (median " + Numbers.format(
                        histogram.getValueAtPercentile(50) / 1e6) + " ms, max " + Numbers.format(histogram.getMaxValue() / 1e6)
                + " ms)";
        return List.of(new Check("latency.p99", p99, limit, passed, detail));
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
