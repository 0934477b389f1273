package dev.mlops.cli;

import dev.mlops.model.Predictions;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.training.TrainedModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mlops predict}: a registered model's predictions for the rows of a CSV file. */
@Command(name = "predict",
        description = {"Predict every row of a CSV file with a registered model. Output: CSV with"
                + " one row per input row, in input order, with the columns prediction and"
                + " p_<label> for each label (probabilities summing to 1).",
                "Columns the model does not use are ignored; a missing feature column is an error."})
final class PredictCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "REF", description = Text.REF_HELP)
    private String ref;

    @Option(names = "--data", required = true, paramLabel = "FILE.csv", description = "The rows.")
    private Path data;

    @Option(names = "--out", paramLabel = "FILE.csv",
            description = "Write the predictions here instead of standard output.")
    private Path out;

    @Mixin
    private StoreOptions store;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        Predictions predictions;
        try (ModelRegistry registry = store.open()) {
            predictions = TrainedModel.load(registry, ref).predictCsv(data);
        }
        if (out == null) {
            Writer stdout = spec.commandLine().getOut();
            predictions.writeCsv(stdout);
            flush(stdout);
        } else {
            try (Writer file = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
                predictions.writeCsv(file);
            } catch (IOException e) {
                throw new UncheckedIOException("--out " + out + ": cannot write: " + e.getMessage(), e);
            }
        }
        return ExitCodes.OK;
    }

    private static void flush(Writer writer) {
        try {
            writer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
