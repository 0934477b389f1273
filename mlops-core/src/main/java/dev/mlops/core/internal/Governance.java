package dev.mlops.core.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.core.Json;
import dev.mlops.core.PromotionPolicies;
import dev.mlops.registry.AuditAction;
import dev.mlops.registry.AuditEvent;
import dev.mlops.registry.Evidence;
import dev.mlops.registry.GateResult;
import dev.mlops.registry.ModelRef;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.PromotionPolicy;
import dev.mlops.registry.PromotionPolicy.Rule;
import dev.mlops.registry.Stage;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The model's stored {@link PromotionPolicy} applied to one move into PRODUCTION: approvals and
 * rejections read from the audit log, validation reports read from the version's evidence and
 * counted only when they are bound to the version's bytes.
 */
final class Governance {

    /** The name refusals of the policy carry. */
    static final String GATE = "policy";

    /**
     * The evidence kind of validation reports ({@code ValidationReport.EVIDENCE_KIND} in
     * mlops-validation), whose documents hold {@code checks:[{name, passed}]}, {@code model}
     * ({@code NAME:VERSION}) and {@code artifact:{sha256}}.
     */
    static final String VALIDATION_REPORT = "validation-report";

    /** The audit actions {@link State} folds; entries of other actions leave it as it is. */
    static final Set<AuditAction> ACTIONS = Collections.unmodifiableSet(EnumSet.of(AuditAction.POLICY,
            AuditAction.APPROVE, AuditAction.REJECT, AuditAction.PROMOTE, AuditAction.ROLLBACK, AuditAction.DELETE));

    private Governance() {
    }

    /**
     * What governance reads of a model's audit log, folded up to entry {@code seq}: the policy the
     * newest POLICY entry set, and per version each actor's newest decision made since the version
     * last entered PRODUCTION (an approval is spent once the version has served). Immutable; a
     * registry keeps one per model and folds in only the entries added since.
     */
    record State(long seq, PromotionPolicy policy, Map<Integer, Map<String, AuditEvent>> decisions) {

        static final State EMPTY = new State(0, PromotionPolicy.NONE, Map.of());

        /** The state of a whole log. */
        static State of(List<AuditEvent> log) {
            return EMPTY.with(log);
        }

        /**
         * This state with the entries of {@link #ACTIONS} that follow it folded in, as of the log's
         * entry {@code head} (folding an entry again changes nothing).
         */
        State with(List<AuditEvent> relevant, long head) {
            State folded = with(relevant);
            return folded.seq() >= head ? folded : new State(head, folded.policy(), folded.decisions());
        }

        /** This state with the entries that follow it folded in. */
        State with(List<AuditEvent> added) {
            if (added.isEmpty()) {
                return this;
            }
            PromotionPolicy newPolicy = policy;
            Map<Integer, Map<String, AuditEvent>> newDecisions = new HashMap<>(decisions);
            for (AuditEvent e : added) {
                switch (e.action()) {
                    case POLICY -> newPolicy = PromotionPolicies.fromJson(e.detail());
                    case APPROVE, REJECT -> {
                        Map<String, AuditEvent> byActor = new LinkedHashMap<>(
                                newDecisions.getOrDefault(e.version(), Map.of()));
                        byActor.remove(e.actor());
                        byActor.put(e.actor(), e);
                        newDecisions.put(e.version(), Collections.unmodifiableMap(byActor));
                    }
                    case PROMOTE, ROLLBACK -> {
                        if (e.to().equals(Stage.PRODUCTION.name())) {
                            newDecisions.remove(e.version());
                        }
                    }
                    case DELETE -> newDecisions.remove(e.version());
                    default -> {
                    }
                }
            }
            return new State(added.get(added.size() - 1).seq(), newPolicy, Map.copyOf(newDecisions));
        }

        /** The newest decision of each actor on a version since it last entered PRODUCTION, oldest first. */
        Collection<AuditEvent> decisions(int version) {
            return decisions.getOrDefault(version, Map.of()).values();
        }
    }

    /** Why {@code rule} refuses to let {@code v} into PRODUCTION; empty when it agrees. */
    static List<GateResult> refusals(Rule rule, ModelVersion v, State state,
            List<Evidence> evidence, ArtifactChecks checks) {
        List<GateResult> refusals = new ArrayList<>();
        if (rule.approvals() > 0) {
            approvals(rule, v, state.decisions(v.version())).ifPresent(refusals::add);
        }
        if (rule.requireValidation() || !rule.requiredChecks().isEmpty()) {
            refusals.addAll(validation(rule, v, evidence, checks));
        }
        return refusals;
    }

    private static Optional<GateResult> approvals(Rule rule, ModelVersion v, Collection<AuditEvent> decisions) {
        Map<String, AuditEvent> newest = new LinkedHashMap<>();
        for (AuditEvent e : decisions) {
            if (rule.approvers().isEmpty() || rule.approvers().contains(e.actor())) {
                newest.put(e.actor(), e);
            }
        }
        List<AuditEvent> rejections = newest.values().stream()
                .filter(e -> e.action() == AuditAction.REJECT).toList();
        if (!rejections.isEmpty()) {
            return Optional.of(GateResult.refuse(GATE, v.ref() + " is rejected by " + rejections.stream()
                    .map(e -> e.actor() + (e.reason().isEmpty() ? "" : " (" + e.reason() + ")"))
                    .collect(Collectors.joining(", "))));
        }
        List<String> approvers = newest.values().stream()
                .filter(e -> e.action() == AuditAction.APPROVE && !e.actor().equals(v.createdBy()))
                .map(AuditEvent::actor).toList();
        if (approvers.size() >= rule.approvals()) {
            return Optional.empty();
        }
        boolean selfApproved = newest.containsKey(v.createdBy())
                && newest.get(v.createdBy()).action() == AuditAction.APPROVE;
        return Optional.of(GateResult.refuse(GATE, v.ref() + " has " + approvers.size() + " of the "
                + rule.approvals() + " approvals it needs" + (approvers.isEmpty() ? "" : " (" + String.join(", ", approvers) + ")")
                + (selfApproved ? "; the approval of " + v.createdBy() + ", who registered it, does not count" : "")
                + (rule.approvers().isEmpty() ? "" : "; approvers: " + rule.approvers())));
    }

    private static List<GateResult> validation(Rule rule, ModelVersion v, List<Evidence> evidence,
            ArtifactChecks checks) {
        List<Report> bound = new ArrayList<>();
        List<String> unbound = new ArrayList<>();
        for (Evidence e : evidence) {
            if (e.kind().equals(VALIDATION_REPORT)) {
                Report report = Report.read(e);
                String problem = report.problem(v, e, checks);
                if (problem == null) {
                    bound.add(report);
                } else {
                    unbound.add("the report of " + e.time() + " " + problem);
                }
            }
        }
        String ignored = unbound.isEmpty() ? "" : " (not counted: " + String.join("; ", unbound) + ")";
        List<GateResult> refusals = new ArrayList<>();
        if (rule.requireValidation()) {
            if (bound.isEmpty()) {
                refusals.add(GateResult.refuse(GATE, v.ref() + " has no validation report bound to"
                        + " its artifact" + ignored));
            } else {
                Report newest = bound.get(bound.size() - 1);
                List<Check> failed = newest.checks.stream().filter(c -> !c.passed).toList();
                if (newest.checks.isEmpty()) {
                    refusals.add(GateResult.refuse(GATE, "the newest validation report of " + v.ref()
                            + " (" + newest.time + ") has no checks"));
                } else if (!failed.isEmpty()) {
                    refusals.add(GateResult.refuse(GATE, "the newest validation report of " + v.ref()
                            + " (" + newest.time + ") failed " + failed.stream().map(Check::name)
                                    .collect(Collectors.joining(", "))));
                }
            }
        }
        for (String pattern : rule.requiredChecks()) {
            Optional<Report> newest = bound.stream()
                    .filter(r -> r.checks.stream().anyMatch(c -> Rule.matches(pattern, c.name)))
                    .reduce((a, b) -> b);
            if (newest.isEmpty()) {
                refusals.add(GateResult.refuse(GATE, "no validation report bound to " + v.ref()
                        + " ran a check matching '" + pattern + "'" + ignored));
                continue;
            }
            List<String> failed = newest.get().checks.stream()
                    .filter(c -> Rule.matches(pattern, c.name) && !c.passed).map(Check::name).toList();
            if (!failed.isEmpty()) {
                refusals.add(GateResult.refuse(GATE, "the newest validation report of " + v.ref()
                        + " that ran '" + pattern + "' (" + newest.get().time + ") failed "
                        + String.join(", ", failed)));
            }
        }
        return refusals;
    }

    private record Check(String name, boolean passed) {
    }

    /** What the policy reads of a validation report; {@code unreadable} says why it cannot. */
    private record Report(String time, String model, String artifact, List<Check> checks, String unreadable) {

        static Report read(Evidence e) {
            try {
                JsonNode root = Json.read(e.document());
                List<Check> checks = new ArrayList<>();
                for (JsonNode check : root.path("checks")) {
                    if (!check.path("name").isTextual() || !check.path("passed").isBoolean()) {
                        return new Report(e.time().toString(), "", "", List.of(), "has a malformed check");
                    }
                    checks.add(new Check(check.get("name").textValue(), check.get("passed").booleanValue()));
                }
                return new Report(e.time().toString(), root.path("model").asText(""),
                        root.path("artifact").path("sha256").asText(""), checks, "");
            } catch (IllegalArgumentException ex) {
                return new Report(e.time().toString(), "", "", List.of(), "is not JSON");
            }
        }

        /** Why this report cannot count as evidence for {@code v}, or null. */
        String problem(ModelVersion v, Evidence e, ArtifactChecks checks) {
            if (!unreadable.isEmpty()) {
                return unreadable;
            }
            if (artifact.isEmpty()) {
                return "names no artifact digest";
            }
            if (!artifact.equals(v.sha256())) {
                return "judged other bytes (sha256 " + artifact + ")";
            }
            if (namesAnotherVersion(model, v)) {
                return "is for " + model;
            }
            return checks.evidenceProblem(v, e);
        }
    }

    /** Whether a report's model field names a version other than {@code v}. */
    static boolean namesAnotherVersion(String model, ModelVersion v) {
        try {
            ModelRef ref = ModelRef.parse(model);
            return ref.version() > 0 && !ref.equals(v.ref());
        } catch (IllegalArgumentException e) {
            return false;  // a free-form name such as "candidate"
        }
    }

    /**
     * Why a document of kind {@code kind} cannot be attached to {@code v}, or null: a validation
     * report that names other bytes or another version.
     */
    static String attachProblem(ModelVersion v, String kind, String document) {
        if (!kind.equals(VALIDATION_REPORT)) {
            return null;
        }
        JsonNode root;
        try {
            root = Json.read(document);
        } catch (IllegalArgumentException e) {
            return null;  // not a report this library wrote; it will never count as evidence
        }
        String artifact = root.path("artifact").path("sha256").asText("");
        if (!artifact.isEmpty() && !artifact.equals(v.sha256())) {
            return "the validation report judged artifact sha256 " + artifact + ", not the bytes of "
                    + v.ref() + " (sha256 " + v.sha256() + ")";
        }
        String model = root.path("model").asText("");
        if (namesAnotherVersion(model, v)) {
            return "the validation report is for " + model + ", not " + v.ref();
        }
        return null;
    }
}
