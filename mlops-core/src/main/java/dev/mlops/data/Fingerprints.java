package dev.mlops.data;

import dev.mlops.spi.StoredArtifact;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;

/** SHA-256 fingerprints of training data. */
final class Fingerprints {

    private Fingerprints() {
    }

    /** The lower-case hex SHA-256 of bytes. */
    static String sha256(byte[] bytes) {
        MessageDigest digest = StoredArtifact.newSha256();
        return HexFormat.of().formatHex(digest.digest(bytes));
    }

    /**
     * The SHA-256 of a canonical encoding of a table: per column in order, the UTF-8 name and type
     * (each length-prefixed), then every value, numbers as the 8 bytes of their IEEE 754 bits (all
     * missing values the same NaN), text length-prefixed UTF-8 (missing = empty).
     */
    static String sha256(DataTable table) {
        MessageDigest digest = StoredArtifact.newSha256();
        for (String name : table.columnNames()) {
            FeatureType type = table.type(name).orElseThrow();
            text(digest, name);
            text(digest, type.jsonName());
            if (type == FeatureType.NUMERIC) {
                for (double v : table.numeric(name).orElseThrow()) {
                    digest.update(longBytes(Double.doubleToLongBits(v)));
                }
            } else {
                for (String v : table.categorical(name).orElseThrow()) {
                    text(digest, v);
                }
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static void text(MessageDigest digest, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        digest.update(longBytes(bytes.length));
        digest.update(bytes);
    }

    private static byte[] longBytes(long value) {
        byte[] bytes = new byte[8];
        for (int i = 7; i >= 0; i--) {
            bytes[i] = (byte) value;
            value >>>= 8;
        }
        return bytes;
    }

}
