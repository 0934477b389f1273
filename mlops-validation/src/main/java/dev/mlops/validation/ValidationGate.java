package dev.mlops.validation;

import dev.mlops.registry.Evidence;
import dev.mlops.registry.GateResult;
import dev.mlops.registry.ModelRef;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.PromotionGate;
import dev.mlops.registry.Stage;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A promotion gate that lets a version into the guarded stages (PRODUCTION by default) only when
 * the newest {@value ValidationReport#EVIDENCE_KIND} evidence attached to it passed, has at least
 * one check, and, if it names a version ({@code NAME:VERSION}), names this one. The lenient form,
 * {@link #refuseFailedReport()}, also lets through versions that were never validated.
 *
 * <pre>{@code
 * ModelRegistry registry = ModelRegistries.builder("file:/var/models")
 *         .gate(ValidationGate.requirePassedReport())
 *         .open();
 * }</pre>
 */
public final class ValidationGate implements PromotionGate {

    /** The gate's name in refusals: {@value}. */
    public static final String NAME = "validation-report";

    private final Set<Stage> guarded;
    private final boolean reportRequired;

    private ValidationGate(Set<Stage> guarded, boolean reportRequired) {
        this.guarded = Set.copyOf(guarded);
        this.reportRequired = reportRequired;
    }

    /** Guards PRODUCTION: a passed report is required. */
    public static ValidationGate requirePassedReport() {
        return new ValidationGate(EnumSet.of(Stage.PRODUCTION), true);
    }

    /**
     * Guards PRODUCTION leniently: a version without any validation report may be promoted, but
     * one whose newest report failed may not. This is what the {@code mlops} command applies.
     */
    public static ValidationGate refuseFailedReport() {
        return new ValidationGate(EnumSet.of(Stage.PRODUCTION), false);
    }

    /**
     * Guards the given stages.
     *
     * @throws IllegalArgumentException if there are none
     */
    public static ValidationGate requirePassedReport(Set<Stage> stages) {
        if (stages.isEmpty()) {
            throw new IllegalArgumentException("guard at least one stage");
        }
        return new ValidationGate(stages, true);
    }

    @Override
    public GateResult evaluate(ModelVersion version, Stage target, List<Evidence> evidence) {
        if (!guarded.contains(target)) {
            return GateResult.pass(NAME, "no validation report needed for " + target);
        }
        Optional<Evidence> latest = evidence.stream().filter(e -> e.kind().equals(ValidationReport.EVIDENCE_KIND))
                .reduce((first, second) -> second);
        if (latest.isEmpty() && !reportRequired) {
            return GateResult.pass(NAME, version.ref() + " has no validation report");
        }
        if (latest.isEmpty()) {
            return GateResult.refuse(NAME, version.ref() + " has no validation report; validate it and attach the report"
                    + " (evidence kind " + ValidationReport.EVIDENCE_KIND + ") before promoting to " + target);
        }
        ValidationReport report;
        try {
            report = ValidationReport.fromJson(latest.get().document());
        } catch (IllegalArgumentException e) {
            return GateResult.refuse(NAME, "the latest validation report of " + version.ref() + " is unreadable: "
                    + e.getMessage());
        }
        if (report.checks().isEmpty()) {
            return GateResult.refuse(NAME, "the latest validation report of " + version.ref() + " has no checks");
        }
        if (!report.artifactSha256().isEmpty() && !report.artifactSha256().equals(version.sha256())) {
            return GateResult.refuse(NAME, "the latest validation report attached to " + version.ref()
                    + " judged other bytes (sha256 " + report.artifactSha256() + ")");
        }
        if (namesAnotherVersion(report.model(), version)) {
            return GateResult.refuse(NAME, "the latest validation report attached to " + version.ref()
                    + " is for " + report.model());
        }
        if (!report.passed()) {
            return GateResult.refuse(NAME, "the latest validation report of " + version.ref() + " ("
                    + latest.get().time() + ") failed " + report.failures().size() + " of " + report.checks().size()
                    + " checks: " + report.failures().stream().map(c -> c.name() + ": " + c.detail())
                            .collect(Collectors.joining("; ")));
        }
        return GateResult.pass(NAME, "validation report of " + latest.get().time() + " passed all "
                + report.checks().size() + " checks");
    }

    private static boolean namesAnotherVersion(String model, ModelVersion version) {
        try {
            ModelRef ref = ModelRef.parse(model);
            return ref.version() > 0 && !ref.equals(version.ref());
        } catch (IllegalArgumentException e) {
            return false;  // a free-form name such as "candidate"
        }
    }
}
