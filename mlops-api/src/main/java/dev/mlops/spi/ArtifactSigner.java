package dev.mlops.spi;

import java.nio.charset.StandardCharsets;

/**
 * Signs and verifies the message that identifies an artifact (its model name, digest and size; see
 * {@link #message}). HMAC-SHA256 is built in; implement this for Ed25519 keys, a KMS or Vault.
 * Implementations must be thread-safe.
 */
public interface ArtifactSigner {

    /** The algorithm name recorded with signatures, e.g. {@code HmacSHA256}. */
    String algorithm();

    /**
     * A stable fingerprint of the key, recorded with each signature so that a mismatch can name the
     * key that signed. Must not reveal the key.
     */
    String keyId();

    /**
     * Signs a message.
     *
     * @throws dev.mlops.MlopsConfigurationException when this signer only verifies ({@link #canSign()})
     */
    byte[] sign(byte[] message);

    /** Whether {@link #sign} works: false for a signer that holds only a public key. */
    default boolean canSign() {
        return true;
    }

    /** Whether {@code signature} is this key's signature of {@code message}. */
    boolean verify(byte[] message, byte[] signature);

    /**
     * The bytes that are signed for an artifact: {@code mlops-artifact-v1\n<name>\n<sha256>\n<size>}
     * in UTF-8. Binding the model name stops a signed artifact of one model from being passed off as
     * another's.
     */
    static byte[] message(String name, String sha256, long sizeBytes) {
        return ("mlops-artifact-v1\n" + name + "\n" + sha256 + "\n" + sizeBytes)
                .getBytes(StandardCharsets.UTF_8);
    }
}
