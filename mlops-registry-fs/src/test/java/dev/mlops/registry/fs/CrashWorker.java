package dev.mlops.registry.fs;

import dev.mlops.registry.AuditAction;
import dev.mlops.registry.AuditEvent;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.Stage;
import dev.mlops.spi.ModelStore;
import dev.mlops.spi.StoreTransaction;
import dev.mlops.spi.StoredArtifact;
import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.util.Map;
import java.util.Random;

/**
 * The child process of {@link CrashTest}: registers versions of one model through the SPI until it
 * is killed, printing {@code committed N} once version N is committed. Every third version is also
 * promoted to PRODUCTION, archiving the current one, in one transaction with two audit entries.
 *
 * <p>Arguments: the store URI, the model name, and the store's options as {@code name=value}.
 */
public final class CrashWorker {

    private CrashWorker() {
    }

    /** Runs until killed. */
    public static void main(String[] args) {
        String model = args[1];
        String actor = "worker-" + ProcessHandle.current().pid();
        Random random = new Random();
        Map<String, String> options = new java.util.HashMap<>();
        for (int i = 2; i < args.length; i++) {
            options.put(args[i].substring(0, args[i].indexOf('=')), args[i].substring(args[i].indexOf('=') + 1));
        }
        try (ModelStore store = new FileModelStoreProvider().open(args[0], options)) {
            for (int round = 1; ; round++) {
                byte[] bytes = new byte[random.nextInt(2 * 1024 * 1024 + 1)];
                random.nextBytes(bytes);
                StoredArtifact artifact = store.putArtifact(new ByteArrayInputStream(bytes));
                int version = store.write(model,
                        tx -> Fixtures.register(tx, artifact, Instant.now(), actor));
                System.out.println("committed " + version);
                System.out.flush();
                if (round % 3 == 0) {
                    store.write(model, tx -> promote(tx, version, actor));
                }
            }
        }
    }

    /** Moves a version to PRODUCTION and the current production version to ARCHIVED. */
    static Void promote(StoreTransaction tx, int version, String actor) {
        ModelVersion target = tx.version(version).orElseThrow();
        if (target.stage() != Stage.DRAFT) {
            return null;
        }
        Instant now = Instant.now();
        AuditEvent last = tx.lastAudit().orElse(null);
        for (ModelVersion current : tx.versionsInStage(Stage.PRODUCTION)) {
            tx.updateVersion(current.withStage(Stage.ARCHIVED));
            last = AuditEvent.next(last, tx.name(), now, actor, AuditAction.ARCHIVE,
                    current.version(), "production", "archived", "", "");
            tx.appendAudit(last);
        }
        tx.updateVersion(target.withStage(Stage.PRODUCTION));
        tx.appendAudit(AuditEvent.next(last, tx.name(), now, actor, AuditAction.PROMOTE, version,
                "draft", "production", "", ""));
        return null;
    }
}
