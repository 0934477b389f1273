package dev.mlops.registry;

/**
 * Turns verified artifact bytes into a usable model. The registry calls it only after the bytes
 * matched their digest and signature.
 *
 * @param <M> the model type
 */
public interface ModelFormat<M> {

    /**
     * The format name recorded with versions of this format, e.g. {@code tribuo-protobuf}. A version
     * recorded with another non-empty format is refused before reading.
     */
    String name();

    /**
     * Reads a model.
     *
     * @param verifiedBytes the artifact, already verified
     * @throws IllegalArgumentException when the bytes are not a model of this format
     */
    M read(byte[] verifiedBytes);
}
