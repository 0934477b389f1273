package dev.mlops.spi;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Bytes held by a store, addressed by their digest.
 *
 * @param sha256 lower-case hex SHA-256 of the bytes
 * @param sizeBytes the number of bytes
 */
public record StoredArtifact(String sha256, long sizeBytes) {

    public StoredArtifact {
        requireDigest(sha256);
        if (sizeBytes < 0) {
            throw new IllegalArgumentException("size must not be negative, got " + sizeBytes);
        }
    }

    /**
     * Checks that a string is a lower-case hex SHA-256, so that it can safely become part of a file
     * name or key.
     *
     * @throws IllegalArgumentException otherwise
     */
    public static String requireDigest(String sha256) {
        if (sha256 == null || sha256.length() != 64 || !sha256.chars().allMatch(
                c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            throw new IllegalArgumentException("not a lower-case hex SHA-256 digest: '" + sha256 + "'");
        }
        return sha256;
    }

    /** A new SHA-256 digest, the one every artifact is addressed by. */
    public static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /** Hex-encodes a raw 32-byte digest. */
    public static String hex(byte[] digest) {
        return HexFormat.of().formatHex(digest);
    }
}
