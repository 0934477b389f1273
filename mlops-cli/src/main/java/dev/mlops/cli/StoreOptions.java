package dev.mlops.cli;

import dev.mlops.core.ModelRegistries;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.validation.ValidationGate;
import java.time.Duration;
import picocli.CommandLine.Option;

/** The {@code --store} and {@code --actor} options of every command that touches a registry. */
final class StoreOptions {

    static final String DEFAULT_STORE = "file:./mlops-store";

    @Option(names = "--store", paramLabel = "URI",
            description = "Model store: file:PATH, jdbc:h2:PATH, jdbc:postgresql://..., "
                    + "jdbc:mariadb://... (default: $MLOPS_STORE, else " + DEFAULT_STORE + ").")
    private String store;

    @Option(names = "--actor", paramLabel = "NAME",
            description = "Who makes the change, as recorded in the audit trail "
                    + "(default: $MLOPS_ACTOR, else the OS user).")
    private String actor;

    /** The store URI: the option, else {@code $MLOPS_STORE}, else {@value #DEFAULT_STORE}. */
    String storeUri() {
        return store != null ? store : fromEnvironment("MLOPS_STORE", DEFAULT_STORE);
    }

    /**
     * Opens the registry. One command is one short run, so the background check for other
     * processes' changes is off: every read goes to the store anyway. A version whose newest
     * validation report failed cannot be promoted to PRODUCTION.
     */
    ModelRegistry open() {
        return open(ValidationGate.refuseFailedReport());
    }

    /** Opens the registry with this gate on promotions to PRODUCTION. */
    ModelRegistry open(ValidationGate gate) {
        ModelRegistries.Builder builder = ModelRegistries.builder(storeUri())
                .refreshInterval(Duration.ZERO)
                .gate(gate);
        if (actor != null) {
            // without the option the builder applies the same defaults the help text names
            builder.actor(actor);
        }
        return builder.open();
    }

    /** An environment variable, where an empty value counts as unset. */
    private static String fromEnvironment(String variable, String fallback) {
        String value = System.getenv(variable);
        return value == null || value.isEmpty() ? fallback : value;
    }
}
