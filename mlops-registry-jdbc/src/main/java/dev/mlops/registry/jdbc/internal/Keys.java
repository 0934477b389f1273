package dev.mlops.registry.jdbc.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Fixed-length index keys for tags and metric names. Tag keys and values are free text of any
 * length, which no database indexes whole, so the search tables hold a hash of them (the first 128
 * bits of a length-prefixed SHA-256, as hex); the text itself is kept verbatim in the version row.
 */
public final class Keys {

    private Keys() {
    }

    /** The index key of the tag {@code key=value}. */
    public static String tag(String key, String value) {
        return hash("tag", key, value);
    }

    /** The index key of a metric name. */
    public static String metric(String name) {
        return hash("metric", name);
    }

    private static String hash(String... parts) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
        for (String part : parts) {
            byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
            sha.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
            sha.update(bytes);
        }
        return HexFormat.of().formatHex(sha.digest(), 0, 16);
    }
}
