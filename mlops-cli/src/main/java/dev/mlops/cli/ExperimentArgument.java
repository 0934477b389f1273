package dev.mlops.cli;

import dev.mlops.routing.Experiment;
import dev.mlops.routing.ExperimentFiles;
import dev.mlops.routing.StoredExperiments;
import dev.mlops.spi.ModelStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;

/**
 * The {@code --experiment} argument of the route commands: an experiment file (a name ending in
 * {@code .json}, or any existing file), else the id of an experiment stored in {@code --store}.
 */
final class ExperimentArgument {

    private ExperimentArgument() {
    }

    /** Whether the argument names a file rather than a stored experiment. */
    static boolean isFile(String value) {
        return value.endsWith(".json") || Files.isRegularFile(Path.of(value));
    }

    /**
     * The configuration routers serve for the argument: the file's, or the stored experiment's
     * (every unit to the control while it is paused or stopped).
     *
     * @throws dev.mlops.fleet.ExperimentNotFoundException if no such experiment is stored
     */
    static Experiment routed(String value, StoreOptions store) throws Exception {
        if (isFile(value)) {
            return ExperimentFiles.read(Path.of(value));
        }
        try (ModelStore opened = store.openStore()) {
            return StoredExperiments.of(opened, InstantSource.system()).get(value).routed();
        }
    }
}
