package dev.mlops.cli;

import dev.mlops.model.Classifiers;
import dev.mlops.registry.ArtifactSource;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.RegisterRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mlops models register}: a new version in stage DRAFT. */
@Command(name = "register",
        description = "Register a new version of a model (stage DRAFT) and print it. Version"
                + " numbers are allocated atomically, also across processes.")
final class RegisterCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "NAME",
            description = "Model name, e.g. churn or fraud/scorer (NAMESPACE/NAME).")
    private String name;

    @Option(names = "--artifact", required = true, paramLabel = "FILE",
            description = "The model file; stored content-addressed by its SHA-256.")
    private Path artifact;

    @Option(names = "--format-name", paramLabel = "F",
            description = "Artifact format, e.g. tribuo-protobuf or onnx (default: none recorded). The"
                    + " artifact of a classifier format (onnx, mlops-model, tribuo-protobuf, ...) must read"
                    + " as one, or nothing is registered.")
    private String formatName = "";

    @Option(names = "--metric", paramLabel = "KEY=VALUE",
            description = "An evaluation metric; VALUE must be a finite number. Repeatable.")
    private Map<String, String> metrics = new LinkedHashMap<>();

    @Option(names = "--param", paramLabel = "KEY=VALUE",
            description = "A training parameter. Repeatable.")
    private Map<String, String> params = new LinkedHashMap<>();

    @Option(names = "--tag", paramLabel = "KEY=VALUE", description = "A label. Repeatable.")
    private Map<String, String> tags = new LinkedHashMap<>();

    @Option(names = "--description", paramLabel = "D", description = "Free text.")
    private String description = "";

    @Option(names = "--idempotency-key", paramLabel = "K",
            description = "Retries with the same key and artifact return the first version"
                    + " instead of registering another.")
    private String idempotencyKey = "";

    @Mixin
    private StoreOptions store;

    @Mixin
    private OutputOptions output;

    @Override
    public Integer call() {
        // everything is checked before the store is opened, so bad input writes nothing at all
        RegisterRequest request = RegisterRequest.builder(name, ArtifactSource.of(readableFile()))
                .format(formatName)
                .description(description)
                .metrics(finiteNumbers(metrics))
                .params(params)
                .tags(tags)
                .idempotencyKey(idempotencyKey)
                .build();
        requireReadable();
        try (ModelRegistry registry = store.open()) {
            ModelVersion v = registry.register(request);
            output.print(JsonViews.Version.of(v), () -> "Registered " + Text.summary(v));
        }
        return ExitCodes.OK;
    }

    /**
     * An artifact of a classifier format on the class path (onnx, mlops-model, ...) must read as
     * one, so that a truncated or mislabelled file is refused before anything is stored.
     */
    private void requireReadable() {
        if (formatName.isEmpty() || !Classifiers.format().reads(formatName)) {  // no format: no formats looked up
            return;
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(artifact);
        } catch (IOException e) {
            throw new UncheckedIOException("--artifact " + artifact + ": cannot read: " + e.getMessage(), e);
        }
        Object model;
        try {
            model = Classifiers.format().read(formatName, bytes);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--artifact " + artifact + " is not a valid '" + formatName
                    + "' model: " + e.getMessage(), e);
        }
        if (model instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                throw new IllegalStateException("cannot close the model read from " + artifact + ": " + e, e);
            }
        }
    }

    private Path readableFile() {
        if (!Files.isRegularFile(artifact)) {
            throw new IllegalArgumentException("--artifact " + artifact + ": "
                    + (Files.exists(artifact) ? "not a regular file" : "no such file"));
        }
        if (!Files.isReadable(artifact)) {
            throw new IllegalArgumentException("--artifact " + artifact + ": cannot be read");
        }
        return artifact;
    }

    private static Map<String, Double> finiteNumbers(Map<String, String> values) {
        Map<String, Double> numbers = new LinkedHashMap<>();
        values.forEach((key, text) -> {
            double value;
            try {
                value = Double.parseDouble(text.trim());
            } catch (NumberFormatException e) {
                value = Double.NaN;
            }
            if (!Double.isFinite(value)) {
                throw new IllegalArgumentException("--metric " + key + "=" + text + ": '" + text
                        + "' is not a finite number");
            }
            numbers.put(key, value);
        });
        return numbers;
    }
}
