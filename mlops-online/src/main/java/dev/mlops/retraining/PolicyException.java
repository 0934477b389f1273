package dev.mlops.retraining;

import dev.mlops.InputException;

/** A retraining policy that cannot be used; the message names the file and the field. */
public final class PolicyException extends InputException {

    /**
     * @param source the policy's file or name
     * @param field the field, as a path such as {@code triggers.maxAge}
     * @param problem what is wrong with it
     */
    public PolicyException(String source, String field, String problem) {
        super(source, 0, "field '" + field + "'", problem, null);
    }
}
