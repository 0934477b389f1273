package dev.mlops.tck;

import dev.mlops.registry.ModelFormat;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

/** Artifacts for the suites: random bytes and small models of a format of the kit's own. */
public final class TckModels {

    /** The header every {@link #constant constant model} artifact starts with. */
    private static final byte[] MAGIC = "TCK-CONSTANT\n".getBytes(StandardCharsets.US_ASCII);

    /** The format of {@link #constant} artifacts: {@value ConstantFormat#NAME}. */
    public static final ConstantFormat FORMAT = new ConstantFormat();

    private TckModels() {
    }

    /** Reproducible pseudo-random bytes. */
    public static byte[] bytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    /** The artifact of a model that always predicts {@code label}. */
    public static byte[] constant(String label) {
        byte[] text = label.getBytes(StandardCharsets.UTF_8);
        byte[] bytes = Arrays.copyOf(MAGIC, MAGIC.length + text.length);
        System.arraycopy(text, 0, bytes, MAGIC.length, text.length);
        return bytes;
    }

    /**
     * A model that predicts one label whatever it is given.
     *
     * @param label the label
     */
    public record ConstantModel(String label) {

        /** The prediction for any input. */
        public String predict() {
            return label;
        }
    }

    /** Reads {@link #constant} artifacts; anything else is not a model of this format. */
    public static final class ConstantFormat implements ModelFormat<ConstantModel> {

        /** The format name recorded with versions. */
        public static final String NAME = "tck-constant";

        private ConstantFormat() {
        }

        @Override
        public String name() {
            return NAME;
        }

        @Override
        public ConstantModel read(byte[] verifiedBytes) {
            if (verifiedBytes.length < MAGIC.length
                    || !Arrays.equals(verifiedBytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
                throw new IllegalArgumentException("not a " + NAME + " artifact");
            }
            return new ConstantModel(new String(verifiedBytes, MAGIC.length, verifiedBytes.length - MAGIC.length,
                    StandardCharsets.UTF_8));
        }
    }
}
