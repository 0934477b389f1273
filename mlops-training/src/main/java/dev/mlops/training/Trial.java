package dev.mlops.training;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One candidate of a hyperparameter search and how it cross-validated.
 *
 * @param params the full hyperparameters tried, sorted by name
 * @param cv its cross-validation
 */
public record Trial(Map<String, String> params, CrossValidation cv) {

    public Trial {
        params = java.util.Collections.unmodifiableMap(new TreeMap<>(params));
        Objects.requireNonNull(cv, "cv");
    }
}
