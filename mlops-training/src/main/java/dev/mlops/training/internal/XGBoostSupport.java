package dev.mlops.training.internal;

import dev.mlops.MlopsConfigurationException;

/**
 * Detects the optional XGBoost support at run time, so that its absence is a clear message rather
 * than a {@code NoClassDefFoundError} deep inside Tribuo.
 */
public final class XGBoostSupport {

    /** The artifact users add for XGBoost. */
    public static final String ARTIFACT = "org.tribuo:tribuo-classification-xgboost";

    private static final String[] REQUIRED = {
        "org.tribuo.classification.xgboost.XGBoostClassificationTrainer",
        "ml.dmlc.xgboost4j.java.XGBoost",
    };

    private XGBoostSupport() {
    }

    /**
     * Checks that the XGBoost classes are on the class path.
     *
     * @throws MlopsConfigurationException naming the artifact to add, and libgomp
     */
    public static void requireAvailable() {
        requireAvailable(XGBoostSupport.class.getClassLoader());
    }

    /** {@link #requireAvailable()} against a given class loader. */
    public static void requireAvailable(ClassLoader loader) {
        for (String name : REQUIRED) {
            try {
                Class.forName(name, false, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                throw new MlopsConfigurationException("XGBoost is not available: add " + ARTIFACT
                        + " (version 4.3.2, the Tribuo version of mlops) to the class path; its native library"
                        + " also needs libgomp, the GNU OpenMP runtime (Debian/Ubuntu: apt-get install libgomp1)."
                        + " Missing class: " + name, e);
            }
        }
    }

    /** The error to raise when XGBoost's native library failed to load or link. */
    public static MlopsConfigurationException nativeFailure(Throwable cause) {
        return new MlopsConfigurationException("XGBoost's native library could not be used (" + cause
                + "): it ships for x86_64 Linux, macOS and Windows and needs libgomp, the GNU OpenMP runtime"
                + " (Debian/Ubuntu: apt-get install libgomp1); " + ARTIFACT + " must be on the class path", cause);
    }
}
