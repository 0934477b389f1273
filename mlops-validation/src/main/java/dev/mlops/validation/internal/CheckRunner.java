package dev.mlops.validation.internal;

import dev.mlops.validation.Check;
import java.util.List;

/** One configured check of a validator; it may produce several {@link Check}s (fairness does). */
public interface CheckRunner {

    /** Runs the check on an evaluation. */
    List<Check> run(Evaluation evaluation);

    /** Whether the check compares with a champion. */
    default boolean needsChampion() {
        return false;
    }
}
