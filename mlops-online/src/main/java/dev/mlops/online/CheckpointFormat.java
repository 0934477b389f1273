package dev.mlops.online;

import dev.mlops.registry.ModelFormat;

/**
 * The registry format of {@link Checkpoint}s, {@value #NAME}; the layout is documented on
 * {@link Checkpoint}. Loading through the registry verifies the bytes (digest and signature)
 * before any is read.
 */
public record CheckpointFormat() implements ModelFormat<Checkpoint> {

    /** The format name recorded with checkpoint versions: {@value}. */
    public static final String NAME = "mlops-online-checkpoint";

    /** The format. */
    public static CheckpointFormat of() {
        return new CheckpointFormat();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Checkpoint read(byte[] verifiedBytes) {
        return Checkpoint.fromBytes(verifiedBytes);
    }
}
