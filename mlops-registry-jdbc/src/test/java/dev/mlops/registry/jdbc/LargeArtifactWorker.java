package dev.mlops.registry.jdbc;

import dev.mlops.core.ModelRegistries;
import dev.mlops.registry.ArtifactVerification;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.RegisterRequest;
import java.io.InputStream;
import java.time.Duration;

/**
 * A separate JVM, started with a small heap, that registers a large generated artifact and reads it
 * back through the registry's verification (which streams every byte through SHA-256). Prints
 * {@code sha256 <digest>}, {@code intact <true|false>} and {@code maxHeap <bytes>}.
 */
public final class LargeArtifactWorker {

    private LargeArtifactWorker() {
    }

    public static void main(String[] args) {
        try {
            long size = Long.parseLong(args[1]);
            try (ModelRegistry registry = ModelRegistries.builder(args[0]).actor("large")
                    .refreshInterval(Duration.ZERO).open()) {
                ModelVersion v = registry.register(RegisterRequest.builder("large",
                        () -> new GeneratedStream(size)).build());
                ArtifactVerification check = registry.verify(v.ref().toString());
                System.out.println("sha256 " + v.sha256());
                System.out.println("size " + v.sizeBytes());
                System.out.println("intact " + check.intact());
                System.out.println("maxHeap " + Runtime.getRuntime().maxMemory());
            }
            System.exit(0);
        } catch (Throwable e) {
            e.printStackTrace();
            System.exit(1);
        }
    }

    /** A reproducible pseudo-random stream of a given length that is never held in memory. */
    static final class GeneratedStream extends InputStream {
        private final long size;
        private long position;
        private long state = 0x9E3779B97F4A7C15L;

        GeneratedStream(long size) {
            this.size = size;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (position >= size) {
                return -1;
            }
            int n = (int) Math.min(len, size - position);
            for (int i = 0; i < n; i++) {
                if ((position & 7) == 0) {
                    state ^= state << 13;
                    state ^= state >>> 7;
                    state ^= state << 17;
                }
                b[off + i] = (byte) (state >>> ((position & 7) * 8));
                position++;
            }
            return n;
        }
    }
}
