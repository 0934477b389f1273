package dev.mlops.data;

/** Whether a feature holds numbers or categories. */
public enum FeatureType {
    NUMERIC("numeric"),
    CATEGORICAL("categorical");

    private final String jsonName;

    FeatureType(String jsonName) {
        this.jsonName = jsonName;
    }

    /** The lower-case name used in JSON documents ({@code numeric}, {@code categorical}). */
    public String jsonName() {
        return jsonName;
    }
}
