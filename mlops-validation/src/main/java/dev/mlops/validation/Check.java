package dev.mlops.validation;

import java.util.Objects;

/**
 * One check of a {@link ValidationReport}.
 *
 * @param name a stable identifier, e.g. {@code auc.min}, {@code accuracy.mcnemar},
 *     {@code fairness.age.disparateImpact}
 * @param value what was measured (units in {@code detail}); {@code NaN} when it is undefined
 * @param threshold what it was held against; {@code NaN} when there is none
 * @param passed whether the check passed
 * @param detail why, in words, e.g. {@code AUC 0.812 < champion 0.815 + 0.005}
 */
public record Check(String name, double value, double threshold, boolean passed, String detail) {

    public Check {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(detail, "detail");
    }
}
