package dev.mlops.routing;

/**
 * Receives a {@link Router}'s automatic canary rollbacks, on the thread whose prediction found the
 * breach. An exception thrown here is logged and does not stop other listeners or the router.
 */
@FunctionalInterface
public interface RollbackListener {

    /** Called once per rollback, after the canary's share went to 0 %. */
    void onRollback(Analysis.GuardrailCheck breach);
}
