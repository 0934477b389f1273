package dev.mlops.retraining;

import dev.mlops.registry.MetadataUpdate;
import dev.mlops.registry.ModelRef;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.Stage;
import dev.mlops.validation.ValidationReport;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Validated promotion in the registry, once for the online learner and for policy retraining: the
 * report stored with the challenger, a passing challenger moved through the stages, a rejected one
 * archived, a regressed one rolled back, each with its reason in the audit log.
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
     * The watch's verdict: whether a promoted model whose metric is {@code promoted} keeps its place
     * against the {@code predecessor}'s value on the same examples (higher is better) within the
     * tolerance.
     */
    public static boolean keeps(double promoted, double predecessor, double tolerance) {
        return promoted >= predecessor - tolerance;
    }
}
