package dev.mlops.retraining;

import dev.mlops.registry.ModelVersion;
import dev.mlops.validation.ValidationReport;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What one retraining run decided.
 *
 * @param model the model
 * @param champion the production version when the run started, if any
 * @param triggers every trigger of the policy, evaluated (empty when the run rolled back first)
 * @param challenger the version trained, if any
 * @param validation its validation against the champion, if it was trained
 * @param decision what happened
 * @param reason why, in a sentence with the numbers
 */
public record RetrainingOutcome(String model, Optional<ModelVersion> champion, List<TriggerResult> triggers,
        Optional<ModelVersion> challenger, Optional<ValidationReport> validation, Decision decision, String reason) {

    public RetrainingOutcome {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(champion, "champion");
        triggers = List.copyOf(triggers);
        Objects.requireNonNull(challenger, "challenger");
        Objects.requireNonNull(validation, "validation");
        Objects.requireNonNull(decision, "decision");
        Objects.requireNonNull(reason, "reason");
    }

    /** What a run decided. */
    public enum Decision {
        /** The challenger passed and is in PRODUCTION. */
        PROMOTED("promoted"),
        /** The challenger failed validation and was archived; production is unchanged. */
        REJECTED("rejected"),
        /** The challenger passed and waits in STAGING for a person to promote it. */
        AWAITING_APPROVAL("awaiting-approval"),
        /** No trigger fired; nothing was trained. */
        NO_TRIGGER("no-trigger"),
        /** The version a retraining promoted did worse than its predecessor while watched: rolled back. */
        ROLLED_BACK("rolled-back");

        private final String id;

        Decision(String id) {
            this.id = id;
        }

        /** The name in JSON and the audit log, e.g. {@code awaiting-approval}. */
        public String id() {
            return id;
        }
    }
}
