package dev.mlops.routing;

import java.util.Optional;

/**
 * What to do with an experiment now.
 *
 * @param kind   continue collecting, ship a winner, or roll back to the control
 * @param winner the winning variant, present exactly for {@link Kind#WINNER}
 * @param reason one sentence saying why, for people
 */
public record Decision(Kind kind, Optional<String> winner, String reason) {

    /** The three outcomes. */
    public enum Kind {
        /** Not enough evidence yet, or the data cannot be trusted (sample ratio mismatch). */
        CONTINUE,
        /** A treatment beats the control. */
        WINNER,
        /** A treatment is worse than the control, or a canary guardrail was breached. */
        ROLLBACK
    }

    /**
     * @throws IllegalArgumentException if a winner is given for another kind or missing for WINNER
     */
    public Decision {
        if ((kind == Kind.WINNER) != winner.isPresent()) {
            throw new IllegalArgumentException("a winner is named exactly when the decision is WINNER");
        }
    }

    /** Keep going. */
    static Decision keepGoing(String reason) {
        return new Decision(Kind.CONTINUE, Optional.empty(), reason);
    }

    /** Ship this variant. */
    static Decision winner(String variant, String reason) {
        return new Decision(Kind.WINNER, Optional.of(variant), reason);
    }

    /** Return all traffic to the control. */
    static Decision rollback(String reason) {
        return new Decision(Kind.ROLLBACK, Optional.empty(), reason);
    }

    /** {@code continue}, {@code winner:NAME} or {@code rollback}, as {@code mlops route analyze} prints it. */
    public String label() {
        return switch (kind) {
            case CONTINUE -> "continue";
            case WINNER -> "winner:" + winner.orElseThrow();
            case ROLLBACK -> "rollback";
        };
    }
}
