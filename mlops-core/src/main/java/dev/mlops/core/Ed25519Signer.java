package dev.mlops.core;

import dev.mlops.MlopsConfigurationException;
import dev.mlops.spi.ArtifactSigner;
import dev.mlops.spi.StoredArtifact;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Ed25519 artifact signatures (the JDK's implementation). Unlike HMAC, signing and verifying use
 * different keys: the build that registers models holds the private key, while the services that
 * load them need only the public key ({@link #verifying}), which cannot sign. The key id is a
 * truncated SHA-256 of the public key's X.509 encoding.
 */
public final class Ed25519Signer implements ArtifactSigner {

    private static final String ALGORITHM = "Ed25519";

    private final Optional<PrivateKey> privateKey;
    private final PublicKey publicKey;
    private final String keyId;

    private Ed25519Signer(Optional<PrivateKey> privateKey, PublicKey publicKey) {
        if (!ALGORITHM.equals(publicKey.getAlgorithm()) && !"EdDSA".equals(publicKey.getAlgorithm())) {
            throw new MlopsConfigurationException("not an Ed25519 public key: " + publicKey.getAlgorithm());
        }
        this.privateKey = privateKey;
        this.publicKey = publicKey;
        this.keyId = "ed25519:" + fingerprint(publicKey.getEncoded());
    }

    /** A signer that signs with the pair's private key and verifies with its public key. */
    public static Ed25519Signer of(KeyPair keys) {
        return new Ed25519Signer(Optional.of(keys.getPrivate()), keys.getPublic());
    }

    /** A signer that only verifies: {@link #sign} refuses. For services that load models. */
    public static Ed25519Signer verifying(PublicKey publicKey) {
        return new Ed25519Signer(Optional.empty(), publicKey);
    }

    /**
     * A verifying signer from a public key in X.509 (SubjectPublicKeyInfo) form, Base64-encoded, as
     * {@code openssl pkey -pubout -outform DER | base64} prints it.
     *
     * @throws MlopsConfigurationException when the text is not such a key
     */
    public static Ed25519Signer verifying(String base64PublicKey) {
        try {
            byte[] encoded = Base64.getDecoder().decode(base64PublicKey.strip());
            return verifying(KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(encoded)));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw new MlopsConfigurationException("not a Base64 X.509 Ed25519 public key: " + e.getMessage(), e);
        }
    }

    /** A fresh key pair. */
    public static KeyPair generateKeys() {
        try {
            return KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no " + ALGORITHM, e);
        }
    }

    @Override
    public String algorithm() {
        return ALGORITHM;
    }

    @Override
    public String keyId() {
        return keyId;
    }

    /**
     * @throws MlopsConfigurationException when this signer holds only the public key
     */
    @Override
    public byte[] sign(byte[] message) {
        PrivateKey key = privateKey.orElseThrow(() -> new MlopsConfigurationException("the Ed25519"
                + " signer " + keyId + " holds only the public key: it verifies, but cannot sign"));
        try {
            Signature signature = Signature.getInstance(ALGORITHM);
            signature.initSign(key);
            signature.update(message);
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with " + keyId, e);
        }
    }

    /** Whether this signer holds the private key; a {@link #verifying} one does not. */
    @Override
    public boolean canSign() {
        return privateKey.isPresent();
    }

    @Override
    public boolean verify(byte[] message, byte[] signatureBytes) {
        try {
            Signature signature = Signature.getInstance(ALGORITHM);
            signature.initVerify(publicKey);
            signature.update(message);
            return signature.verify(signatureBytes);
        } catch (java.security.SignatureException e) {
            return false;  // malformed signature bytes: not this key's signature
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot verify with " + keyId, e);
        }
    }

    private static String fingerprint(byte[] encoded) {
        return HexFormat.of().formatHex(StoredArtifact.newSha256().digest(encoded), 0, 8);
    }

    @Override
    public String toString() {
        return "Ed25519Signer[" + keyId + (privateKey.isPresent() ? "" : ", verify only") + "]";
    }
}
