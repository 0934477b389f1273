package dev.mlops.retraining;

import java.util.Objects;

/**
 * One trigger of a policy, evaluated.
 *
 * @param kind {@code noChampion}, {@code always}, {@code newRows}, {@code drift}, {@code metricDrop} or
 *     {@code maxAge}
 * @param fired whether it fired
 * @param detail what was found, with the numbers
 */
public record TriggerResult(String kind, boolean fired, String detail) {

    public TriggerResult {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(detail, "detail");
    }
}
