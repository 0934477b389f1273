package dev.mlops.cli;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Option;

/** The {@code --categorical} option of the commands that read CSV data. */
final class CategoricalOption {

    @Option(names = "--categorical", split = ",", paramLabel = "c,d",
            description = "Treat these columns as categorical even when their cells are numbers.")
    private List<String> columns = List.of();

    /** The columns named, in order. */
    Set<String> columns() {
        return new LinkedHashSet<>(columns);
    }
}
