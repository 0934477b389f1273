package dev.mlops.training.internal;

import dev.mlops.drift.DataTable;
import dev.mlops.drift.FeatureType;
import java.util.ArrayList;
import java.util.List;

/** Conversions between numeric cells and their text. */
public final class Values {

    private Values() {
    }

    /**
     * The text of a number as a category or label: integral values without a fraction
     * ({@code 3}, not {@code 3.0}), others as {@link Double#toString}; {@code NaN} is missing ("").
     */
    public static String format(double value) {
        if (Double.isNaN(value)) {
            return "";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return Double.toString(value);
    }

    /** A column's cells as text, missing ones as the empty string. */
    public static List<String> asStrings(DataTable table, String column) {
        if (table.type(column).orElseThrow() == FeatureType.CATEGORICAL) {
            return table.categorical(column).orElseThrow();
        }
        double[] values = table.numeric(column).orElseThrow();
        List<String> text = new ArrayList<>(values.length);
        for (double v : values) {
            text.add(format(v));
        }
        return text;
    }
}
