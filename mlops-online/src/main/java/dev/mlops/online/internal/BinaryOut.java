package dev.mlops.online.internal;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Writes the binary layout of online artifacts: big-endian integers, IEEE-754 binary64 doubles
 * (bit patterns kept exactly), length-prefixed UTF-8 text and arrays. {@link BinaryIn} reads it.
 */
public final class BinaryOut {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final DataOutputStream out = new DataOutputStream(bytes);

    /** Eight ASCII bytes of magic and a 16-bit format version. */
    public BinaryOut header(String magic, int version) {
        byte[] ascii = magic.getBytes(StandardCharsets.US_ASCII);
        if (ascii.length != 8) {
            throw new IllegalArgumentException("magic must be 8 ASCII bytes: " + magic);
        }
        return run(() -> {
            out.write(ascii);
            out.writeShort(version);
        });
    }

    /** A 32-bit integer. */
    public BinaryOut i32(int value) {
        return run(() -> out.writeInt(value));
    }

    /** A 64-bit integer. */
    public BinaryOut i64(long value) {
        return run(() -> out.writeLong(value));
    }

    /** A double, bit for bit. */
    public BinaryOut f64(double value) {
        return run(() -> out.writeLong(Double.doubleToRawLongBits(value)));
    }

    /** UTF-8 text after its byte length (32-bit). */
    public BinaryOut text(String value) {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        return run(() -> {
            out.writeInt(utf8.length);
            out.write(utf8);
        });
    }

    /** Bytes after their length (32-bit). */
    public BinaryOut blob(byte[] value) {
        return run(() -> {
            out.writeInt(value.length);
            out.write(value);
        });
    }

    /** Doubles after their count (32-bit). */
    public BinaryOut doubles(double[] values) {
        return run(() -> {
            out.writeInt(values.length);
            for (double v : values) {
                out.writeLong(Double.doubleToRawLongBits(v));
            }
        });
    }

    /** 64-bit integers after their count (32-bit). */
    public BinaryOut longs(long[] values) {
        return run(() -> {
            out.writeInt(values.length);
            for (long v : values) {
                out.writeLong(v);
            }
        });
    }

    /** 32-bit integers after their count (32-bit). */
    public BinaryOut ints(int[] values) {
        return run(() -> {
            out.writeInt(values.length);
            for (int v : values) {
                out.writeInt(v);
            }
        });
    }

    /** Texts after their count (32-bit); a null element is written as absent (length −1). */
    public BinaryOut texts(String[] values) {
        return run(() -> {
            out.writeInt(values.length);
            for (String v : values) {
                if (v == null) {
                    out.writeInt(-1);
                } else {
                    byte[] utf8 = v.getBytes(StandardCharsets.UTF_8);
                    out.writeInt(utf8.length);
                    out.write(utf8);
                }
            }
        });
    }

    /** Everything written so far. */
    public byte[] toByteArray() {
        return bytes.toByteArray();
    }

    private interface Write {
        void run() throws IOException;
    }

    private BinaryOut run(Write write) {
        try {
            write.run();
        } catch (IOException e) {
            // a ByteArrayOutputStream does not fail; this is here for the compiler
            throw new UncheckedIOException(e);
        }
        return this;
    }
}
