package dev.mlops.online.internal;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads what {@link BinaryOut} wrote, checking every length against the bytes left, so that a
 * truncated or foreign file fails with a clear {@link IllegalArgumentException} and never allocates
 * more than the input's size.
 */
public final class BinaryIn {

    private final ByteBuffer in;
    private final String what;

    /** Reads {@code bytes}; {@code what} names them in errors. */
    public BinaryIn(byte[] bytes, String what) {
        this.in = ByteBuffer.wrap(bytes);
        this.what = what;
    }

    /**
     * Checks the magic and the format version.
     *
     * @throws IllegalArgumentException when the bytes do not start with the magic, or carry another
     *     format version than {@code version} (the only one this library reads)
     */
    public void header(String magic, int version) {
        byte[] expected = magic.getBytes(StandardCharsets.US_ASCII);
        if (in.remaining() < expected.length + 2) {
            throw fail("too short to be one");
        }
        byte[] actual = new byte[expected.length];
        in.get(actual);
        if (!java.util.Arrays.equals(actual, expected)) {
            throw fail("it does not start with the magic bytes '" + magic + "'");
        }
        int found = Short.toUnsignedInt(in.getShort());
        if (found != version) {
            throw fail("format version " + found + " is not supported (this library reads version " + version + ")");
        }
    }

    /** A 32-bit integer. */
    public int i32() {
        need(4);
        return in.getInt();
    }

    /** A 64-bit integer. */
    public long i64() {
        need(8);
        return in.getLong();
    }

    /** A double. */
    public double f64() {
        need(8);
        return Double.longBitsToDouble(in.getLong());
    }

    /** Length-prefixed UTF-8 text. */
    public String text() {
        int length = length(1);
        return utf8(length);
    }

    /** Length-prefixed bytes. */
    public byte[] blob() {
        byte[] value = new byte[length(1)];
        in.get(value);
        return value;
    }

    /** Count-prefixed doubles. */
    public double[] doubles() {
        double[] values = new double[length(8)];
        for (int i = 0; i < values.length; i++) {
            values[i] = Double.longBitsToDouble(in.getLong());
        }
        return values;
    }

    /** Count-prefixed 64-bit integers. */
    public long[] longs() {
        long[] values = new long[length(8)];
        for (int i = 0; i < values.length; i++) {
            values[i] = in.getLong();
        }
        return values;
    }

    /** Count-prefixed 32-bit integers. */
    public int[] ints() {
        int[] values = new int[length(4)];
        for (int i = 0; i < values.length; i++) {
            values[i] = in.getInt();
        }
        return values;
    }

    /** Count-prefixed texts; absent ones are null. */
    public String[] texts() {
        String[] values = new String[length(4)];
        for (int i = 0; i < values.length; i++) {
            int length = i32();
            if (length == -1) {
                continue;
            }
            if (length < 0 || length > in.remaining()) {
                throw fail("a text length of " + length + " is out of range");
            }
            values[i] = utf8(length);
        }
        return values;
    }

    /** A count-prefixed array of exactly {@code expected} doubles. */
    public double[] doubles(int expected, String name) {
        double[] values = doubles();
        requireLength(values.length, expected, name);
        return values;
    }

    /** A count-prefixed array of exactly {@code expected} 64-bit integers. */
    public long[] longs(int expected, String name) {
        long[] values = longs();
        requireLength(values.length, expected, name);
        return values;
    }

    /** A count-prefixed array of exactly {@code expected} 32-bit integers. */
    public int[] ints(int expected, String name) {
        int[] values = ints();
        requireLength(values.length, expected, name);
        return values;
    }

    /** A count-prefixed array of exactly {@code expected} texts. */
    public String[] texts(int expected, String name) {
        String[] values = texts();
        requireLength(values.length, expected, name);
        return values;
    }

    private void requireLength(int length, int expected, String name) {
        if (length != expected) {
            throw fail(name + " holds " + length + " values, expected " + expected);
        }
    }

    /**
     * Checks that every byte was read.
     *
     * @throws IllegalArgumentException when bytes are left over
     */
    public void end() {
        if (in.hasRemaining()) {
            throw fail(in.remaining() + " unexpected bytes at the end");
        }
    }

    /** An error about the input, naming it. */
    public IllegalArgumentException fail(String problem) {
        return new Malformed("not a valid " + what + ": " + problem);
    }

    /**
     * An error about the input for a part of it that was refused: {@code refused} itself when it
     * came from {@link #fail(String)}, else one that names the input, then {@code context}, then
     * why the part was refused.
     */
    public IllegalArgumentException fail(String context, IllegalArgumentException refused) {
        return refused instanceof Malformed ? refused : fail(context + refused.getMessage());
    }

    /** An error that already names the input. */
    private static final class Malformed extends IllegalArgumentException {

        private Malformed(String message) {
            super(message);
        }
    }

    private int length(int elementSize) {
        int count = i32();
        if (count < 0 || (long) count * elementSize > in.remaining()) {
            throw fail("a length of " + count + " is more than the " + in.remaining() + " bytes left");
        }
        return count;
    }

    private void need(int bytes) {
        if (in.remaining() < bytes) {
            throw fail("it ends early");
        }
    }

    private String utf8(int length) {
        ByteBuffer slice = in.slice();
        slice.limit(length);
        in.position(in.position() + length);
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(slice).toString();
        } catch (CharacterCodingException e) {
            throw fail("text that is not UTF-8");
        }
    }
}
