package dev.mlops.cli;

import dev.mlops.model.Classifier;
import dev.mlops.model.Classifiers;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelVersion;
import dev.mlops.training.TrainedModel;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
                "Columns the model does not use are ignored; a missing feature column is an error,"
                        + " and so is a file with no data rows. The file is read and predicted in"
                        + " batches, so memory stays bounded whatever its size; with --out the file"
                        + " appears only when every row was predicted."})
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
        // open while predicting: closing the registry closes the models it loaded (an ONNX session, say)
        try (ModelRegistry registry = store.open()) {
            Classifier model = load(registry);
            if (out == null) {
                // streamed: each batch of rows is printed before the next is read
                Writer stdout = new BufferedWriter(spec.commandLine().getOut(), 1 << 16);
                Classifiers.predictCsv(model, data, stdout);
                flush(stdout);
            } else {
                writeAtomically(model);
            }
        }
        return ExitCodes.OK;
    }

    /** Any registered classifier; a version recorded without a format is read as a TrainedModel, as before. */
    private Classifier load(ModelRegistry registry) {
        ModelVersion version = registry.get(ref);
        return Classifiers.format().reads(version.format())
                ? Classifiers.load(registry, version.ref().toString())
                : TrainedModel.load(registry, version.ref().toString());
    }

    /** Writes the predictions to a temp file next to {@code --out}, renamed over it when complete. */
    private void writeAtomically(Classifier model) {
        Path target = out.toAbsolutePath();
        if (!Files.isDirectory(target.getParent())) {
            throw new IllegalArgumentException("--out " + out + ": directory " + target.getParent()
                    + " does not exist");
        }
        Path temp = null;
        try {
            temp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".part");
            try (Writer file = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
                Classifiers.predictCsv(model, data, file);
            }
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            temp = null;
        } catch (IOException e) {
            throw new UncheckedIOException("--out " + out + ": cannot write: " + e.getMessage(), e);
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException e) {
                    // the failure being reported matters more than the leftover temp file
                }
            }
        }
    }

    private static void flush(Writer writer) {
        try {
            writer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
