package dev.mlops.registry.jdbc;

import dev.mlops.core.ModelRegistries;
import dev.mlops.registry.ArtifactSource;
import dev.mlops.registry.ConflictException;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.RegisterRequest;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * A separate JVM that works on a shared registry, for the multi-process tests. It prints
 * {@code ready}, waits for a line on stdin so that all workers start together, then runs its
 * threads and prints one line per result:
 *
 * <ul>
 *   <li>{@code register URI MODEL THREADS COUNT}: each thread registers COUNT versions; prints
 *       {@code version N} for each.
 *   <li>{@code cas URI MODEL THREADS ROUNDS}: each thread tries, for r = 1..ROUNDS, to move the alias
 *       {@code champion} from version r to r + 1 with compare-and-set; prints {@code won R} for each
 *       success.
 * </ul>
 */
public final class RegistryWorker {

    private RegistryWorker() {
    }

    public static void main(String[] args) {
        try {
            run(args);
            System.exit(0);
        } catch (Throwable e) {
            e.printStackTrace();
            System.exit(1);
        }
    }

    private static void run(String[] args) throws Exception {
        String mode = args[0];
        String uri = args[1];
        String model = args[2];
        int threads = Integer.parseInt(args[3]);
        int count = Integer.parseInt(args[4]);
        try (ModelRegistry registry = ModelRegistries.builder(uri).actor("worker")
                .refreshInterval(Duration.ZERO).open()) {
            System.out.println("ready");
            System.out.flush();
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<List<String>>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                long seed = t * 31L + ProcessHandle.current().pid();
                results.add(pool.submit(() -> mode.equals("register")
                        ? register(registry, model, count, seed) : cas(registry, model, count)));
            }
            StringBuilder out = new StringBuilder();
            try {
                for (Future<List<String>> f : results) {
                    f.get(120, TimeUnit.SECONDS).forEach(line -> out.append(line).append('\n'));
                }
            } finally {
                pool.shutdownNow();
            }
            System.out.print(out);
            System.out.flush();
        }
    }

    private static List<String> register(ModelRegistry registry, String model, int count, long seed) {
        Random random = new Random(seed);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] bytes = new byte[64];
            random.nextBytes(bytes);
            int version = registry.register(RegisterRequest.builder(model, ArtifactSource.of(bytes))
                    .tag("worker", Long.toString(seed)).build()).version();
            lines.add("version " + version);
        }
        return lines;
    }

    private static List<String> cas(ModelRegistry registry, String model, int rounds) {
        List<String> lines = new ArrayList<>();
        for (int r = 1; r <= rounds; r++) {
            try {
                registry.compareAndSetAlias(model, "champion", r, r + 1);
                lines.add("won " + r);
            } catch (ConflictException lost) {
                // another thread or process moved it first
            }
        }
        return lines;
    }
}
