package dev.mlops;

/**
 * The library was set up wrongly: no store provider for a URI, two providers for one scheme, a
 * signing key that is too short, an unknown option. The message says what to change.
 */
public class MlopsConfigurationException extends MlopsException {

    public MlopsConfigurationException(String message) {
        super(message);
    }

    public MlopsConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
