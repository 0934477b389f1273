package dev.mlops.registry;

import java.util.Objects;
import java.util.Optional;

/**
 * A reference to one version of a model, as written on the command line and in configuration.
 *
 * <ul>
 *   <li>{@code churn}: the newest version;
 *   <li>{@code churn:7}: version 7;
 *   <li>{@code churn@champion}: the version the alias {@code champion} points to;
 *   <li>{@code churn@production} (or any stage name): the newest version in that stage, which for
 *       PRODUCTION is the only one; {@code churn@latest} is the newest version.
 * </ul>
 *
 * @param name the model name
 * @param version the version number for {@code NAME:VERSION}, else 0
 * @param alias the alias or stage name for {@code NAME@ALIAS}, else empty
 */
public record ModelRef(String name, int version, String alias) {

    public ModelRef {
        ModelNames.requireValid(name);
        Objects.requireNonNull(alias, "alias");
        if (version < 0) {
            throw new IllegalArgumentException("version must be positive, got " + version);
        }
        if (version > 0 && !alias.isEmpty()) {
            throw new IllegalArgumentException("a reference has a version or an alias, not both");
        }
    }

    /**
     * Parses {@code NAME}, {@code NAME:VERSION} or {@code NAME@ALIAS}.
     *
     * @throws IllegalArgumentException naming the malformed part
     */
    public static ModelRef parse(String text) {
        Objects.requireNonNull(text, "reference");
        int colon = text.lastIndexOf(':');
        int at = text.lastIndexOf('@');
        if (colon >= 0 && at >= 0) {
            throw new IllegalArgumentException("reference '" + ModelNames.printable(text)
                    + "' has both ':' and '@'; use NAME:VERSION or NAME@ALIAS");
        }
        if (colon >= 0) {
            String number = text.substring(colon + 1);
            int version;
            try {
                version = Integer.parseInt(number);
            } catch (NumberFormatException e) {
                version = -1;
            }
            if (version <= 0) {
                throw new IllegalArgumentException("reference '" + ModelNames.printable(text)
                        + "': version '" + ModelNames.printable(number) + "' is not a positive integer");
            }
            return new ModelRef(text.substring(0, colon), version, "");
        }
        if (at >= 0) {
            String alias = text.substring(at + 1);
            if (alias.isEmpty()) {
                throw new IllegalArgumentException("reference '" + ModelNames.printable(text)
                        + "' has an empty alias");
            }
            return new ModelRef(text.substring(0, at), 0, alias);
        }
        return latest(text);
    }

    /** The newest version of a model. */
    public static ModelRef latest(String name) {
        return new ModelRef(name, 0, "");
    }

    /** One version of a model. */
    public static ModelRef of(String name, int version) {
        if (version <= 0) {
            throw new IllegalArgumentException("version must be positive, got " + version);
        }
        return new ModelRef(name, version, "");
    }

    /** The version an alias or stage name points to. */
    public static ModelRef alias(String name, String alias) {
        return new ModelRef(name, 0, alias);
    }

    /** The stage this reference names, as in {@code churn@production}. */
    public Optional<Stage> stage() {
        for (Stage stage : Stage.values()) {
            if (stage.id().equals(alias)) {
                return Optional.of(stage);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return version > 0 ? name + ":" + version : alias.isEmpty() ? name : name + "@" + alias;
    }
}
