package dev.mlops.training;

import dev.mlops.registry.ModelNames;
import dev.mlops.registry.ModelRef;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Asks the trainer to register the trained model as a new version (stage DRAFT).
 *
 * @param name the model name
 * @param description free text for the version
 * @param tags labels for the version
 * @param parent the version this one retrains ({@code NAME:VERSION}), recorded as lineage
 */
public record Registration(String name, String description, Map<String, String> tags, Optional<String> parent) {

    public Registration {
        ModelNames.requireValid(name);
        Objects.requireNonNull(description, "description");
        tags = Map.copyOf(tags);
        Objects.requireNonNull(parent, "parent");
        parent.ifPresent(ref -> {
            if (ModelRef.parse(ref).version() == 0) {
                throw new IllegalArgumentException("parent must be NAME:VERSION, got '" + ref + "'");
            }
        });
    }

    /** Registers as a new version of {@code name}, without description, tags or parent. */
    public static Registration as(String name) {
        return new Registration(name, "", Map.of(), Optional.empty());
    }

    /** A copy with this description. */
    public Registration withDescription(String text) {
        return new Registration(name, text, tags, parent);
    }

    /** A copy with these tags. */
    public Registration withTags(Map<String, String> newTags) {
        return new Registration(name, description, newTags, parent);
    }

    /** A copy recording {@code ref} ({@code NAME:VERSION}) as the parent version. */
    public Registration withParent(String ref) {
        return new Registration(name, description, tags, Optional.of(ref));
    }
}
