package dev.mlops.registry;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The SHA-256 of a list of text fields, each written as its UTF-8 byte length (32-bit big-endian)
 * followed by those bytes, so that no two lists of fields share an encoding. The one encoding
 * behind {@link AuditEvent#computeHash()} and {@link ModelVersion#stateDigest()}.
 */
final class FieldDigest {

    private FieldDigest() {
    }

    /** The lower-case hex SHA-256 of the fields, in order. */
    static String of(List<String> fields) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
        for (String field : fields) {
            byte[] bytes = field.getBytes(StandardCharsets.UTF_8);
            sha.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
            sha.update(bytes);
        }
        return HexFormat.of().formatHex(sha.digest());
    }
}
