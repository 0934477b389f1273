package dev.mlops.drift;

import dev.mlops.data.DataTable;
import java.nio.file.Path;
import java.util.function.IntPredicate;
import java.util.stream.IntStream;

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
        return table.rows(IntStream.range(0, table.rowCount()).filter(keep).toArray());
    }
}
