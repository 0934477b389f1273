package dev.mlops.registry;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The governance of one model, stored with it and enforced by every registry that opens the store,
 * whatever gates that registry was built with: what a version needs to enter PRODUCTION, and what a
 * rollback needs.
 *
 * @param production what a promotion to PRODUCTION needs
 * @param rollback what a rollback needs, of the version it would restore
 */
public record PromotionPolicy(Rule production, Rule rollback) {

    /** No requirement at all: what a model without a stored policy has. */
    public static final PromotionPolicy NONE = new PromotionPolicy(Rule.NONE, Rule.NONE);

    public PromotionPolicy {
        Objects.requireNonNull(production, "production");
        Objects.requireNonNull(rollback, "rollback");
    }

    /**
     * What a version needs to enter PRODUCTION (by promotion or rollback).
     *
     * <p><b>Approvals.</b> An actor's newest decision on the version counts ({@code approve} or
     * {@code reject}), and only decisions made since the version last entered PRODUCTION: an approval
     * is spent once the version has served. The approval of the actor who registered the version
     * does not count (four eyes); with {@code approvers}, only theirs count. A standing rejection by
     * an actor who could approve refuses the move, whatever the approvals.
     *
     * <p><b>Validation.</b> Only validation reports bound to the version count: a report that names
     * the version's artifact digest, and, when the registry has a signer, is signed with its key.
     * With {@code requireValidation} the newest such report must have passed. Each pattern of
     * {@code requiredChecks} ({@code *} matches any run of characters) must be matched by a check of
     * some bound report, and the newest bound report that ran a matching check must have passed
     * every matching check it ran: a newer report that did not run the check does not cover it.
     *
     * <p>Construction throws {@link IllegalArgumentException}, naming the field, when a rule can never
     * be met or a pattern is malformed.
     *
     * @param approvals how many approvals the version needs, from 0
     * @param requireValidation whether the newest bound validation report must have passed
     * @param requiredChecks check name patterns such as {@code auc.*} or {@code fairness.*}
     * @param approvers the actors whose approvals count; empty: everyone but the version's author
     */
    public record Rule(int approvals, boolean requireValidation, List<String> requiredChecks,
            List<String> approvers) {

        /** No requirement. */
        public static final Rule NONE = new Rule(0, false, List.of(), List.of());

        /** The most approvals a rule may ask for. */
        public static final int MAX_APPROVALS = 100;

        private static final Pattern CHECK_PATTERN = Pattern.compile("[A-Za-z0-9_.*-]{1,250}");

        public Rule {
            if (approvals < 0 || approvals > MAX_APPROVALS) {
                throw new IllegalArgumentException("approvals must be between 0 and " + MAX_APPROVALS
                        + ", got " + approvals);
            }
            requiredChecks = List.copyOf(requiredChecks);
            approvers = List.copyOf(approvers);
            for (String pattern : requiredChecks) {
                if (!CHECK_PATTERN.matcher(pattern).matches() || pattern.chars().allMatch(c -> c == '*')) {
                    throw new IllegalArgumentException("requiredChecks: '" + pattern + "' is not a check"
                            + " name pattern (letters, digits, '.', '_', '-' and '*', not only '*')");
                }
            }
            if (requiredChecks.size() != requiredChecks.stream().distinct().count()) {
                throw new IllegalArgumentException("requiredChecks: a pattern is listed twice: " + requiredChecks);
            }
            for (String approver : approvers) {
                if (approver.isBlank()) {
                    throw new IllegalArgumentException("approvers: an approver must not be blank");
                }
                Limits.requireLine("approvers", approver, Limits.MAX_ACTOR_LENGTH);
            }
            if (approvers.size() != approvers.stream().distinct().count()) {
                throw new IllegalArgumentException("approvers: an actor is listed twice: " + approvers);
            }
            if (!approvers.isEmpty() && approvers.size() < approvals) {
                throw new IllegalArgumentException("approvals: " + approvals + " approvals can never be"
                        + " given by the " + approvers.size() + " listed approvers " + approvers);
            }
            if (approvals == 0 && !approvers.isEmpty()) {
                throw new IllegalArgumentException("approvers: listed, but approvals is 0, so no"
                        + " approval is ever needed");
            }
        }

        /** Whether the rule asks for nothing. */
        public boolean isEmpty() {
            return approvals == 0 && !requireValidation && requiredChecks.isEmpty();
        }

        /** Whether a check name matches one pattern ({@code *}: any run of characters). */
        public static boolean matches(String pattern, String checkName) {
            return Pattern.compile(Pattern.quote(pattern).replace("*", "\\E.*\\Q")).matcher(checkName).matches();
        }
    }
}
