package dev.mlops.registry;

import java.util.List;

/** A {@link PromotionGate} refused a stage transition. Nothing was written. */
public class PromotionRefusedException extends RegistryException {

    private final List<GateResult> results;

    public PromotionRefusedException(String message, List<GateResult> results) {
        super(message);
        this.results = List.copyOf(results);
    }

    /** The results of the gates that refused, each with its reason. */
    public List<GateResult> results() {
        return results;
    }
}
