package dev.mlops.routing;

import dev.mlops.data.UnitHash;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Run in a child JVM by {@link CrossProcessTest}: reads an experiment file and a UTF-8 file of
 * unit ids, prints each unit's slot and variant (ASCII only, so the child's stdout charset does
 * not matter).
 */
public final class AssignWorker {

    private AssignWorker() {
    }

    public static void main(String[] args) throws IOException {
        Assigner assigner = Assigner.of(ExperimentFiles.read(Path.of(args[0])));
        long seed = assigner.experiment().seed();
        StringBuilder out = new StringBuilder();
        for (String unit : Files.readAllLines(Path.of(args[1]), StandardCharsets.UTF_8)) {
            out.append(UnitHash.slot(unit, seed)).append(',').append(assigner.assign(unit)).append('\n');
        }
        System.out.print(out);
    }
}
