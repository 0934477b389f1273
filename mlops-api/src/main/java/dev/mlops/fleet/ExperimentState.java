package dev.mlops.fleet;

import java.util.Locale;

/** Where a stored experiment stands. Routers serve only the control outside {@link #RUNNING}. */
public enum ExperimentState {
    /** Traffic is split by the allocation. */
    RUNNING,
    /** Held: every unit gets the control until resumed. */
    PAUSED,
    /** Ended without a verdict; final. */
    STOPPED,
    /** Ended with a winner; final. */
    DECIDED,
    /** Ended by a rollback (a guardrail breach or a losing treatment); final. */
    ROLLED_BACK;

    /** The name in documents and on the command line: {@code running}, {@code rolled-back}, ... */
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Whether no change may follow. */
    public boolean isFinal() {
        return this == STOPPED || this == DECIDED || this == ROLLED_BACK;
    }

    /**
     * The state of a {@link #jsonName()}.
     *
     * @throws IllegalArgumentException if no state has that name
     */
    public static ExperimentState ofJsonName(String name) {
        for (ExperimentState s : values()) {
            if (s.jsonName().equals(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("experiment state '" + name
                + "' is not one of running, paused, stopped, decided, rolled-back");
    }
}
