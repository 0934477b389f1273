package dev.mlops.validation;

import java.util.Objects;

/**
 * A configured check that did not run, and why: the comparisons with a champion while there is no
 * champion yet. A skipped check neither passes nor fails; {@link ValidationReport#passed()} looks
 * only at the checks that ran.
 *
 * @param name the name the check has when it runs, e.g. {@code auc.improvement}
 * @param reason why it did not run, e.g. {@code no champion yet: credit@production points to no version}
 */
public record SkippedCheck(String name, String reason) {

    public SkippedCheck {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(reason, "reason");
    }
}
