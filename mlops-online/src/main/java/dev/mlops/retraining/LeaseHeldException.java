package dev.mlops.retraining;

import dev.mlops.registry.ConflictException;

/** Another process is retraining the model: it holds the model's lease. */
public final class LeaseHeldException extends ConflictException {

    /** @param message names the model, the holder and until when it holds the lease */
    public LeaseHeldException(String message) {
        super(message);
    }
}
