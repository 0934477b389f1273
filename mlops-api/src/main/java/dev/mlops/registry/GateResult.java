package dev.mlops.registry;

import java.util.Objects;

/**
 * The verdict of a {@link PromotionGate}.
 *
 * @param gate the gate's name
 * @param passed whether the promotion may proceed
 * @param reason why, in words an operator understands
 */
public record GateResult(String gate, boolean passed, String reason) {

    public GateResult {
        Objects.requireNonNull(gate, "gate");
        Objects.requireNonNull(reason, "reason");
    }

    /** A passing verdict. */
    public static GateResult pass(String gate, String reason) {
        return new GateResult(gate, true, reason);
    }

    /** A refusing verdict. */
    public static GateResult refuse(String gate, String reason) {
        return new GateResult(gate, false, reason);
    }
}
