package dev.mlops.registry.fs;

import dev.mlops.core.ModelRegistries;
import dev.mlops.registry.ArtifactSource;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.RegisterRequest;
import dev.mlops.registry.Stage;
import java.util.Random;

/**
 * The child process of {@link CrashTest}: registers versions of one model through the registry
 * until it is killed, printing {@code committed N} once version N is committed. Every third version
 * is also promoted through TESTING and STAGING to PRODUCTION, which archives the current production
 * version in the same transaction.
 *
 * <p>Arguments: the store URI and the model name.
 */
public final class CrashWorker {

    private CrashWorker() {
    }

    /** Runs until killed. */
    public static void main(String[] args) {
        String model = args[1];
        Random random = new Random();
        try (ModelRegistry registry = ModelRegistries.builder(args[0])
                .actor("worker-" + ProcessHandle.current().pid()).withoutSigning().open()) {
            for (int round = 1; ; round++) {
                byte[] bytes = new byte[random.nextInt(2 * 1024 * 1024 + 1)];
                random.nextBytes(bytes);
                int version = registry.register(RegisterRequest.builder(model, ArtifactSource.of(bytes))
                        .build()).version();
                System.out.println("committed " + version);
                System.out.flush();
                if (round % 3 == 0) {
                    for (Stage stage : new Stage[] {Stage.TESTING, Stage.STAGING, Stage.PRODUCTION}) {
                        registry.promote(model, version, stage, "crash test");
                    }
                }
            }
        }
    }
}
