package dev.mlops.training.internal;

import dev.mlops.drift.DataTable;
import dev.mlops.drift.FeatureType;
import java.util.List;

/** Row selection on {@link DataTable}s, which offer columns only. */
public final class Tables {

    private Tables() {
    }

    /** A table of the given rows (in the given order, repeats allowed) of the named columns. */
    public static DataTable rows(DataTable table, List<String> columns, int[] rows) {
        DataTable.Builder builder = DataTable.builder();
        for (String name : columns) {
            if (table.type(name).orElseThrow() == FeatureType.NUMERIC) {
                double[] all = table.numeric(name).orElseThrow();
                double[] picked = new double[rows.length];
                for (int i = 0; i < rows.length; i++) {
                    picked[i] = all[rows[i]];
                }
                builder.numeric(name, picked);
            } else {
                List<String> all = table.categorical(name).orElseThrow();
                String[] picked = new String[rows.length];
                for (int i = 0; i < rows.length; i++) {
                    picked[i] = all.get(rows[i]);
                }
                builder.categorical(name, picked);
            }
        }
        return builder.build();
    }
}
