package dev.mlops.registry;

/**
 * Turns verified artifact bytes into a usable model. The registry calls it only after the bytes
 * matched their digest and signature.
 *
 * <p>A format reads the versions recorded with its {@link #name()}. A format that reads several
 * (say, any classifier whatever its framework) overrides {@link #reads(String)} and
 * {@link #read(String, byte[])}.
 *
 * @param <M> the model type
 */
public interface ModelFormat<M> {

    /**
     * The format name recorded with versions of this format, e.g. {@code tribuo-protobuf}. A version
     * recorded with a non-empty format this one does not {@link #reads read} is refused before reading.
     */
    String name();

    /**
     * Reads a model.
     *
     * @param verifiedBytes the artifact, already verified
     * @throws IllegalArgumentException when the bytes are not a model of this format
     */
    M read(byte[] verifiedBytes);

    /** Whether this format reads versions recorded with the format {@code format}: by default, its own name only. */
    default boolean reads(String format) {
        return name().equals(format);
    }

    /**
     * Reads a model of a version recorded with the format {@code format} (empty when the version
     * names none): by default {@link #read(byte[])}.
     *
     * @param verifiedBytes the artifact, already verified
     * @throws IllegalArgumentException when the bytes are not a model of that format
     */
    default M read(String format, byte[] verifiedBytes) {
        return read(verifiedBytes);
    }
}
