package dev.mlops.cli.demo;

import dev.mlops.cli.ExitCodes;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mlops demo}: what the library can do, step by step, in a fresh temporary store. */
@Command(name = "demo",
        description = "Run the model lifecycle on the bundled breast-cancer data in a fresh"
                + " temporary store, explaining each step: train, validate, register, promote,"
                + " predict, refuse a worse challenger, A/B test a better one and promote the"
                + " winner, roll back, verify, audit, detect drift.")
public final class DemoCommand implements Callable<Integer> {

    @Option(names = "--keep",
            description = "Keep the temporary store afterwards (and say where it is), to look"
                    + " around in it with the other commands.")
    private boolean keep;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        Path directory = Files.createTempDirectory("mlops-demo-");
        Path store = directory.resolve("store");
        try (Demo demo = new Demo("file:" + store, directory, out)) {
            demo.run();
        } finally {
            if (keep) {
                out.println();
                out.println("The store is kept at " + store + "; try: mlops models list --store file:"
                        + store);
            } else {
                deleteTree(directory);
                out.println();
                out.println("The temporary store was deleted (--keep keeps it).");
            }
            out.flush();
        }
        return ExitCodes.OK;
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the demo store " + root, e);
        }
    }
}
