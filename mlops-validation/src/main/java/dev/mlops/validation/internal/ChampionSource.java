package dev.mlops.validation.internal;

import dev.mlops.model.Classifier;
import dev.mlops.model.Classifiers;
import dev.mlops.registry.ModelRef;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelVersion;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a validator's champion comes from: a model given as it is, or a registry reference that is
 * resolved anew at every validation, so a validator kept for a long time compares with whatever
 * serves at that moment, and with nothing while nothing does.
 */
public interface ChampionSource {

    /** The champion now, or empty while there is none. */
    Optional<Champion> resolve();

    /** Why there is no champion, as the report's skipped checks say it. */
    String absence();

    /**
     * A resolved champion.
     *
     * @param model the model
     * @param name what the report calls it, e.g. {@code credit:3 (credit@production)}
     */
    record Champion(Classifier model, String name) {

        public Champion {
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(name, "name");
        }
    }

    /** Always this model. */
    static ChampionSource of(Classifier model, String name) {
        Champion champion = new Champion(model, name);
        return new ChampionSource() {
            @Override
            public Optional<Champion> resolve() {
                return Optional.of(champion);
            }

            @Override
            public String absence() {
                return "";
            }
        };
    }

    /**
     * The classifier a reference points to when a validation starts. An alias, a stage or the
     * latest version that points to nothing (a new model, nothing in production yet) means no
     * champion; a version number that does not exist is an error, as it is a mistake rather than a
     * state the model can be in.
     *
     * @throws IllegalArgumentException if the reference is malformed
     */
    static ChampionSource fromRegistry(ModelRegistry registry, String ref) {
        Objects.requireNonNull(registry, "registry");
        ModelRef parsed = ModelRef.parse(ref);
        return new ChampionSource() {
            @Override
            public Optional<Champion> resolve() {
                Optional<ModelVersion> version = parsed.version() > 0 ? Optional.of(registry.get(ref))
                        : registry.find(ref);
                return version.map(v -> {
                    String exact = v.ref().toString();
                    return new Champion(Classifiers.load(registry, exact), exact.equals(ref) ? exact
                            : exact + " (" + ref + ")");
                });
            }

            @Override
            public String absence() {
                return "no champion yet: " + ref + " points to no version";
            }
        };
    }
}
