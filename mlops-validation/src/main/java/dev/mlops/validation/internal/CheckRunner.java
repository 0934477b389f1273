package dev.mlops.validation.internal;

import dev.mlops.validation.Check;
import java.util.List;

/** One configured check of a validator; it may produce several {@link Check}s (fairness does). */
public interface CheckRunner {

    /** Runs the check on an evaluation. */
    List<Check> run(Evaluation evaluation);

    /**
     * The names of the checks it makes against the champion, which are skipped while there is no
     * champion; empty for a check that needs none.
     */
    default List<String> championChecks() {
        return List.of();
    }
}
