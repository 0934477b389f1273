package dev.mlops.drift;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;

/** Helpers to load the shared data sets and split them into reference and current rows. */
final class TestTables {

    private TestTables() {
    }

    static Path data(String file) {
        String dir = System.getProperty("mlops.data.dir");
        if (dir == null) {
            throw new IllegalStateException("system property mlops.data.dir is not set (the parent pom sets it)");
        }
        return Path.of(dir, file);
    }

    /** The rows of a table that satisfy the predicate, in order. */
    static DataTable rows(DataTable table, IntPredicate keep) {
        List<Integer> rows = new ArrayList<>();
        for (int r = 0; r < table.rowCount(); r++) {
            if (keep.test(r)) {
                rows.add(r);
            }
        }
        DataTable.Builder builder = DataTable.builder();
        for (String column : table.columnNames()) {
            if (table.type(column).orElseThrow() == FeatureType.NUMERIC) {
                double[] values = table.numeric(column).orElseThrow();
                double[] picked = new double[rows.size()];
                for (int i = 0; i < picked.length; i++) {
                    picked[i] = values[rows.get(i)];
                }
                builder.numeric(column, picked);
            } else {
                List<String> values = table.categorical(column).orElseThrow();
                String[] picked = new String[rows.size()];
                for (int i = 0; i < picked.length; i++) {
                    picked[i] = values.get(rows.get(i));
                }
                builder.categorical(column, picked);
            }
        }
        return builder.build();
    }
}
