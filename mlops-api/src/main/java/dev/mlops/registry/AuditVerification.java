package dev.mlops.registry;

import java.util.List;

/**
 * The result of checking the audit hash chains.
 *
 * @param models how many models' logs were checked
 * @param events how many entries were checked
 * @param problems one line per broken link, naming the model and sequence number; empty when
 *     every chain is intact
 */
public record AuditVerification(int models, long events, List<String> problems) {

    public AuditVerification {
        problems = List.copyOf(problems);
    }

    /** Whether every chain is intact. */
    public boolean valid() {
        return problems.isEmpty();
    }
}
