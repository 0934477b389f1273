package dev.mlops.cli;

import dev.mlops.InputException;
import dev.mlops.MlopsConfigurationException;
import dev.mlops.fleet.ExperimentNotFoundException;
import dev.mlops.registry.ConflictException;
import dev.mlops.registry.ModelNotFoundException;
import dev.mlops.registry.PromotionRefusedException;

/** The exit codes of the {@code mlops} command, and the one mapping from failures to them. */
public final class ExitCodes {

    /** The command did what was asked. */
    public static final int OK = 0;
    /** A check failed: tampering found, a chain broken, a gate refused. */
    public static final int CHECK_FAILED = 1;
    /** Bad usage or bad input; the message names the argument or file. */
    public static final int USAGE = 2;
    /** The model, version, alias or stage does not exist. */
    public static final int NOT_FOUND = 3;
    /** Concurrent modification or a transition the lifecycle does not allow. */
    public static final int CONFLICT = 4;
    /** Storage failed, or stored bytes do not match their digest or signature. */
    public static final int STORAGE = 5;

    private ExitCodes() {
    }

    /** The exit code for a command that failed with {@code failure}. */
    public static int of(Throwable failure) {
        if (failure instanceof PromotionRefusedException) {
            return CHECK_FAILED;
        }
        if (failure instanceof ModelNotFoundException || failure instanceof ExperimentNotFoundException) {
            return NOT_FOUND;
        }
        if (failure instanceof ConflictException) {
            return CONFLICT;
        }
        if (failure instanceof IllegalArgumentException
                || failure instanceof MlopsConfigurationException
                || failure instanceof InputException) {
            return USAGE;
        }
        // IntegrityException, StorageException, I/O errors; and faults of this program, which get
        // the most severe code there is rather than one a script could take for a verdict
        return STORAGE;
    }
}
