package dev.mlops.cli;

import dev.mlops.core.HmacSha256Signer;
import dev.mlops.core.ModelRegistries;
import dev.mlops.core.ModelStores;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.spi.ModelStore;
import dev.mlops.validation.ValidationGate;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The {@code --store} and {@code --actor} options of every command that touches a registry, and the
 * environment variables the command maps to registry settings (the library itself reads none):
 * {@code MLOPS_STORE}, {@code MLOPS_ACTOR}, {@code MLOPS_SIGNING_KEY} (HMAC-SHA256: sign, and require
 * valid signatures), {@code MLOPS_JDBC_USER} and {@code MLOPS_JDBC_PASSWORD} (unless the JDBC URL
 * names its own). An empty variable counts as unset.
 */
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
        return storeUri(System.getenv());
    }

    /** The store URI as it may be shown: passwords masked. */
    String shownUri() {
        return masked(storeUri());
    }

    private String storeUri(Map<String, String> environment) {
        return store != null ? store : variable(environment, "MLOPS_STORE").orElse(DEFAULT_STORE);
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
        return open(gate, System.getenv());
    }

    /** Opens the registry with this gate, taking the settings the options leave open from {@code environment}. */
    ModelRegistry open(ValidationGate gate, Map<String, String> environment) {
        String uri = storeUri(environment);
        ModelRegistries.Builder builder = ModelRegistries.builder(uri)
                .refreshInterval(Duration.ZERO)
                .gate(gate);
        Optional.ofNullable(actor).or(() -> variable(environment, "MLOPS_ACTOR")).ifPresent(builder::actor);
        variable(environment, "MLOPS_SIGNING_KEY").ifPresent(key -> builder.signer(HmacSha256Signer.of(key)));
        credentials(uri, environment).forEach(builder::option);
        return builder.open();
    }

    /** Opens the store itself, for what it keeps besides the registry (experiments, telemetry). */
    ModelStore openStore() {
        String uri = storeUri(System.getenv());
        return ModelStores.open(uri, credentials(uri, System.getenv()));
    }

    /** Who makes the change: the option, else {@code $MLOPS_ACTOR}, else the OS user. */
    String actor() {
        return Optional.ofNullable(actor).or(() -> variable(System.getenv(), "MLOPS_ACTOR"))
                .orElse(System.getProperty("user.name", "unknown"));
    }

    /** The JDBC credentials of the environment, unless the URL names its own. */
    private static Map<String, String> credentials(String uri, Map<String, String> environment) {
        Map<String, String> options = new HashMap<>();
        String lower = uri.toLowerCase(Locale.ROOT);
        if (lower.startsWith("jdbc:")) {
            boolean urlUser = lower.contains("user=") || lower.matches("jdbc:[a-z0-9]+://[^/@]+@.*");
            boolean urlPassword = lower.contains("password=") || lower.matches("jdbc:[a-z0-9]+://[^/@]+:[^/@]*@.*");
            variable(environment, "MLOPS_JDBC_USER").filter(u -> !urlUser).ifPresent(u -> options.put("user", u));
            variable(environment, "MLOPS_JDBC_PASSWORD").filter(p -> !urlPassword)
                    .ifPresent(p -> options.put("password", p));
        }
        return options;
    }

    /**
     * Text with the secrets the command knows masked: the values of {@code MLOPS_JDBC_PASSWORD} and
     * {@code MLOPS_SIGNING_KEY}, and passwords in URLs.
     */
    static String masked(String text) {
        return masked(text, System.getenv());
    }

    /** {@link #masked(String)} with the secrets of {@code environment}. */
    static String masked(String text, Map<String, String> environment) {
        String out = text;
        for (String name : new String[] {"MLOPS_JDBC_PASSWORD", "MLOPS_SIGNING_KEY"}) {
            Optional<String> secret = variable(environment, name);
            if (secret.isPresent()) {
                out = out.replace(secret.get(), "***");
            }
        }
        return ModelStores.redact(out);
    }

    private static Optional<String> variable(Map<String, String> environment, String name) {
        return Optional.ofNullable(environment.get(name)).filter(value -> !value.isEmpty());
    }
}
