package dev.mlops.retraining;

import dev.mlops.registry.MetadataUpdate;
import dev.mlops.registry.ModelRef;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.PromotionRefusedException;
import dev.mlops.registry.Stage;
import dev.mlops.validation.Check;
import dev.mlops.validation.ValidationReport;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Validated promotion, watch and rollback in the registry, once for the online learner and for
 * policy retraining: the report stored with the challenger, a passing challenger moved through the
 * stages, a rejected or refused one archived ({@link #decide}); a promoted one judged against its
 * predecessor ({@link #keeps}) and rolled back when it does worse ({@link #rollback}), each with its
 * reason in the audit log.
 */
public final class Promotions {

    private Promotions() {
    }

    /**
     * Stores a validation report with a version, and its metrics (and the champion's on the same
     * rows) as {@code validation.NAME} and {@code validation.champion.NAME}.
     */
    public static void record(ModelRegistry registry, ModelRef version, ValidationReport report) {
        report.attachTo(registry, version.name(), version.version());
        Map<String, Double> metrics = new LinkedHashMap<>();
        report.metrics().forEach((k, v) -> {
            if (Double.isFinite(v)) {
                metrics.put("validation." + k, v);
            }
        });
        report.championMetrics().forEach((k, v) -> {
            if (Double.isFinite(v)) {
                metrics.put("validation.champion." + k, v);
            }
        });
        registry.updateMetadata(version.name(), version.version(), MetadataUpdate.metrics(metrics));
    }

    /**
     * Moves a version from DRAFT through TESTING and STAGING to {@code target} (STAGING or PRODUCTION;
     * promotion gates apply), with the reason on every step.
     *
     * @throws dev.mlops.registry.PromotionRefusedException when a gate refuses
     */
    public static ModelVersion promote(ModelRegistry registry, ModelRef version, Stage target, String reason) {
        if (target != Stage.STAGING && target != Stage.PRODUCTION) {
            throw new IllegalArgumentException("promote to STAGING or PRODUCTION, not " + target);
        }
        ModelVersion moved = registry.get(version.toString());
        for (Stage stage : List.of(Stage.TESTING, Stage.STAGING, Stage.PRODUCTION)) {
            if (stage.compareTo(moved.stage()) > 0 && stage.compareTo(target) <= 0) {
                moved = registry.promote(version.name(), version.version(), stage, reason);
            }
        }
        return moved;
    }

    /** Archives a rejected challenger with the reason. */
    public static void archive(ModelRegistry registry, ModelRef version, String reason) {
        registry.promote(version.name(), version.version(), Stage.ARCHIVED, reason);
    }

    /**
     * What a validated promotion ended in.
     *
     * @param promoted whether the challenger was promoted (to the target stage)
     * @param reason why: the promotion reason, or the failed checks, or the gate's refusal
     * @param version the challenger as it stands now: promoted, or archived
     */
    public record Decision(boolean promoted, String reason, ModelVersion version) {
    }

    /**
     * Validated promotion, once for every retraining: stores the report with the challenger
     * ({@link #record}); a failed report archives it ({@code "REJECTING: validation failed: ..."});
     * a passing one is promoted through the stages to {@code target} with {@code promoting} as the
     * reason, after {@code beforePromote} (which may throw to stop a run that lost its lease), and
     * archived when a promotion gate refuses it.
     *
     * @param rejecting what an archival's reason starts with, e.g. {@code rejected online challenger}
     */
    public static Decision decide(ModelRegistry registry, ModelRef challenger, ValidationReport report, Stage target,
            String promoting, String rejecting, Runnable beforePromote) {
        record(registry, challenger, report);
        if (!report.passed()) {
            String why = failures(report);
            archive(registry, challenger, rejecting + ": " + why);
            return new Decision(false, why, registry.get(challenger.toString()));
        }
        beforePromote.run();
        try {
            return new Decision(true, promoting, promote(registry, challenger, target, promoting));
        } catch (PromotionRefusedException e) {
            String refused = "a promotion gate refused it: " + e.getMessage();
            archive(registry, challenger, rejecting + ": " + refused);
            return new Decision(false, refused, registry.get(challenger.toString()));
        }
    }

    /** Why a report failed: {@code validation failed: } and each failed check's detail. */
    public static String failures(ValidationReport report) {
        return "validation failed: " + report.failures().stream().map(Check::detail).collect(Collectors.joining("; "));
    }

    /**
     * The watch's rollback: restores the model's previous production version, with
     * {@code automatic rollback: } and the reason in the audit log.
     *
     * @return the version back in production
     */
    public static ModelVersion rollback(ModelRegistry registry, String name, String reason) {
        return registry.rollback(name, "automatic rollback: " + reason);
    }

    /**
     * The watch's verdict: whether a promoted model whose metric is {@code promoted} keeps its place
     * against the {@code predecessor}'s value on the same examples (higher is better) within the
     * tolerance.
     */
    public static boolean keeps(double promoted, double predecessor, double tolerance) {
        return promoted >= predecessor - tolerance;
    }
}
