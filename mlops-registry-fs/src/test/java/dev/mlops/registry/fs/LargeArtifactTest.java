package dev.mlops.registry.fs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.spi.StoredArtifact;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Artifacts far larger than the heap are streamed, never held in memory. */
@Tag("large")
class LargeArtifactTest {

    static final long SIZE = 256L * 1024 * 1024;

    @TempDir
    Path temp;

    @Test
    @DisplayName("a 256 MiB artifact is stored by a JVM with a 32 MiB heap")
    void largeArtifactSmallHeap() throws Exception {
        Path errors = temp.resolve("child.err");
        Process child = ChildJvm.start(Child.class, "32m", errors,
                "file:" + temp.resolve("store"), Long.toString(SIZE));

        String printed = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();

        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).withFailMessage(() -> ChildJvm.errors(errors)).isZero();
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        try (InputStream expected = new PatternStream(SIZE)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = expected.read(buffer)) != -1; ) {
                sha256.update(buffer, 0, n);
            }
        }
        StoredArtifact artifact = new StoredArtifact(StoredArtifact.hex(sha256.digest()), SIZE);
        assertThat(printed).isEqualTo(artifact.toString());
        assertThat(temp.resolve("store/blobs/sha256").resolve(artifact.sha256().substring(0, 2))
                .resolve(artifact.sha256())).hasSize(SIZE);
    }

    /** Stores a pattern of the given size in the store at a URI and prints what it stored. */
    public static final class Child {
        private Child() {
        }

        /** Arguments: store URI, size in bytes. */
        public static void main(String[] args) throws Exception {
            try (FileModelStore store = (FileModelStore) new FileModelStoreProvider()
                    .open(args[0], java.util.Map.of());
                    InputStream content = new PatternStream(Long.parseLong(args[1]))) {
                System.out.println(store.putArtifact(content));
            }
        }
    }

    /** A reproducible stream of pseudo-random bytes that holds nothing in memory. */
    static final class PatternStream extends InputStream {
        private long left;
        private long state = 0x9E3779B97F4A7C15L;

        PatternStream(long size) {
            this.left = size;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (left == 0) {
                return -1;
            }
            int n = (int) Math.min(len, left);
            for (int i = 0; i < n; i++) {
                state ^= state << 13;
                state ^= state >>> 7;
                state ^= state << 17;
                b[off + i] = (byte) state;
            }
            left -= n;
            return n;
        }
    }
}
