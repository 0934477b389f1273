package dev.mlops.registry.fs;

import dev.mlops.registry.StorageException;
import dev.mlops.spi.Lease;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;

/**
 * The lease of a model, kept in {@code models/<dir>/lease.json} ({@link Lease} as JSON) and replaced
 * atomically; changes are made under the model's write lock, which excludes threads and processes,
 * and expiry is judged by this machine's clock.
 */
final class FileLeases {

    static final String FILE = "lease.json";

    private FileLeases() {
    }

    /** The stored grant of a model's lease, expired or not. */
    static Optional<Lease> read(Path modelDir) {
        Path file = modelDir.resolve(FILE);
        try {
            return Optional.of(Json.read(Files.readAllBytes(file), Lease.class));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | IllegalArgumentException e) {
            throw new StorageException("could not read lease " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Applies a rule to the stored grant and stores what it returns; call with the model's write lock
     * held.
     *
     * @return what the rule returned
     */
    static Optional<Lease> update(Path modelDir, DurableFiles files, Function<Optional<Lease>, Optional<Lease>> rule) {
        Optional<Lease> next = rule.apply(read(modelDir));
        if (next.isPresent()) {
            try {
                files.write(modelDir.resolve(FILE), Json.write(next.get()));
            } catch (IOException e) {
                throw new StorageException("could not write lease in " + modelDir + ": " + e.getMessage(), e);
            }
        }
        return next;
    }
}
