package dev.mlops.routing;

import java.util.OptionalDouble;

/**
 * A canary rollout: one variant receives {@code percent} of the units and the others share the
 * rest in proportion to their weights. Ramping the percent up (1 → 5 → 25 → 100) never moves a
 * unit out of the canary. Guardrails, checked on live traffic once the canary has served
 * {@code minRequests} predictions, roll it back to 0 % automatically when breached.
 *
 * @param variant             the canary variant's name
 * @param percent             its share of units, in [0, 100]
 * @param maxErrorRate        the highest tolerated share of failed predictions, in [0, 1]
 * @param maxLatencyP99Millis the highest tolerated 99th-percentile prediction latency, ms
 * @param minRequests         predictions the canary serves before guardrails are judged
 */
public record Canary(String variant, double percent, OptionalDouble maxErrorRate,
                     OptionalDouble maxLatencyP99Millis, long minRequests) {

    /** Guardrails are judged after this many canary predictions unless told otherwise. */
    public static final long DEFAULT_MIN_REQUESTS = 100;

    /**
     * @throws IllegalArgumentException if the percent is outside [0, 100], the error rate
     *                                  outside [0, 1], the latency not positive, or
     *                                  minRequests negative
     */
    public Canary {
        if (variant == null || variant.isBlank()) {
            throw new IllegalArgumentException("canary.variant is required");
        }
        if (!(percent >= 0 && percent <= 100)) {
            throw new IllegalArgumentException("canary.percent must be in [0, 100], was " + percent);
        }
        if (maxErrorRate.isPresent() && !(maxErrorRate.getAsDouble() >= 0 && maxErrorRate.getAsDouble() <= 1)) {
            throw new IllegalArgumentException("canary.maxErrorRate must be in [0, 1], was " + maxErrorRate.getAsDouble());
        }
        double latency = maxLatencyP99Millis.orElse(1);
        if (!(latency > 0) || Double.isInfinite(latency)) {
            throw new IllegalArgumentException("canary.maxLatencyP99Ms must be a positive number, was " + latency);
        }
        if (minRequests < 0) {
            throw new IllegalArgumentException("canary.minRequests must not be negative, was " + minRequests);
        }
    }

    /** A canary without guardrails. */
    public static Canary of(String variant, double percent) {
        return new Canary(variant, percent, OptionalDouble.empty(), OptionalDouble.empty(), DEFAULT_MIN_REQUESTS);
    }

    /** This canary at another percent, same guardrails. */
    Canary withPercent(double newPercent) {
        return new Canary(variant, newPercent, maxErrorRate, maxLatencyP99Millis, minRequests);
    }

    /** This canary with guardrails on the error rate and the p99 latency (ms). */
    public Canary withGuardrails(double errorRate, double latencyP99Millis, long requests) {
        return new Canary(variant, percent, OptionalDouble.of(errorRate), OptionalDouble.of(latencyP99Millis), requests);
    }
}
