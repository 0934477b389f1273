package dev.mlops.core;

import dev.mlops.MlopsConfigurationException;
import dev.mlops.spi.ArtifactSigner;
import dev.mlops.spi.StoredArtifact;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HMAC-SHA256 artifact signatures with a shared secret key. The key id recorded with signatures is
 * a truncated SHA-256 of the key under a fixed prefix, so it identifies the key without revealing
 * it.
 */
public final class HmacSha256Signer implements ArtifactSigner {

    /** Keys shorter than this many bytes are accepted but logged as weak. */
    public static final int RECOMMENDED_KEY_BYTES = 32;

    private static final Logger log = LoggerFactory.getLogger(HmacSha256Signer.class);
    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;
    private final String keyId;

    private HmacSha256Signer(byte[] key) {
        if (key.length == 0) {
            throw new MlopsConfigurationException("signing key must not be empty");
        }
        if (key.length < RECOMMENDED_KEY_BYTES) {
            log.warn("Signing key has {} bytes; {} or more are recommended for HMAC-SHA256",
                    key.length, RECOMMENDED_KEY_BYTES);
        }
        this.key = new SecretKeySpec(key.clone(), ALGORITHM);
        this.keyId = fingerprint(key);
    }

    /** A signer with the given secret key bytes. */
    public static HmacSha256Signer of(byte[] key) {
        return new HmacSha256Signer(key);
    }

    /** A signer whose key is the UTF-8 encoding of {@code secret}. */
    public static HmacSha256Signer of(String secret) {
        return new HmacSha256Signer(secret.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String algorithm() {
        return ALGORITHM;
    }

    @Override
    public String keyId() {
        return keyId;
    }

    @Override
    public byte[] sign(byte[] message) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal(message);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot compute " + ALGORITHM, e);
        }
    }

    @Override
    public boolean verify(byte[] message, byte[] signature) {
        // constant-time comparison: the time taken must not reveal how many bytes matched
        return MessageDigest.isEqual(sign(message), signature);
    }

    private static String fingerprint(byte[] key) {
        MessageDigest sha = StoredArtifact.newSha256();
        sha.update("mlops-key-id\n".getBytes(StandardCharsets.UTF_8));
        return "hmac:" + HexFormat.of().formatHex(sha.digest(key), 0, 8);
    }

    @Override
    public String toString() {
        return "HmacSha256Signer[" + keyId + "]";
    }
}
