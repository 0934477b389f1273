package dev.mlops.cli;

import dev.mlops.routing.Assigner;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mlops route assign}: the variant of every unit id read, one per line. */
@Command(name = "assign",
        description = {"Print UNIT,VARIANT for every unit id read (one per line, UTF-8; a"
                + " trailing carriage return is dropped), as CSV quoted per RFC 4180: an id holding"
                + " a comma, quote or line break is printed in double quotes. The same unit and"
                + " configuration give the same variant in every process, on every machine,"
                + " whatever the platform charset: the id's UTF-8 bytes are hashed (XXH64, seeded"
                + " by the salt) into one of 10,000 slots."})
final class RouteAssignCommand implements Callable<Integer> {

    /** RFC 4180 quoting, with the line ends of the command's other CSV output. */
    private static final CSVFormat CSV = CSVFormat.RFC4180.builder().setRecordSeparator("\n").build();

    @Option(names = "--experiment", required = true, paramLabel = "EXP.json|ID",
            description = "The experiment: a file {\"id\",\"salt\",\"variants\":[{\"name\",\"model\","
                    + "\"weight\"}],\"canary\":null|{...}}, or the id of an experiment in --store (its"
                    + " stored allocation; the control while it is paused or stopped).")
    private String experiment;

    @Mixin
    private StoreOptions store;

    @Option(names = "--units", paramLabel = "FILE|-", defaultValue = "-",
            description = "Unit ids, one per line; - (default) reads standard input.")
    private String units;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Assigner assigner = Assigner.of(ExperimentArgument.routed(experiment, store));
        PrintWriter out = spec.commandLine().getOut();
        CSVPrinter csv = new CSVPrinter(out, CSV);
        try (BufferedReader in = open()) {
            for (String unit; (unit = in.readLine()) != null; ) {
                csv.printRecord(unit, assigner.assign(unit));
            }
        }
        csv.flush();
        return ExitCodes.OK;
    }

    private BufferedReader open() {
        if (units.equals("-")) {
            return new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        }
        try {
            return Files.newBufferedReader(Path.of(units), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("--units " + units + ": no such file", e);
        } catch (IOException e) {
            throw new UncheckedIOException("--units " + units + ": cannot read: " + e.getMessage(), e);
        }
    }
}
