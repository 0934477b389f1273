package dev.mlops.registry;

import java.util.Objects;

/**
 * One registered model.
 *
 * @param name the model name
 * @param latestVersion the highest version number
 * @param productionVersion the version in PRODUCTION, or 0 when there is none
 * @param versionCount how many versions exist
 */
public record ModelSummary(String name, int latestVersion, int productionVersion, int versionCount) {

    public ModelSummary {
        Objects.requireNonNull(name, "name");
    }
}
