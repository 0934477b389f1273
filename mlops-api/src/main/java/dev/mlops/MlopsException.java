package dev.mlops;

/**
 * Root of every exception the library throws. Unchecked: callers catch at the level they care
 * about ({@code RegistryException}, {@code IntegrityException}, ...). The cause is always kept.
 */
public abstract class MlopsException extends RuntimeException {

    protected MlopsException(String message) {
        super(message);
    }

    protected MlopsException(String message, Throwable cause) {
        super(message, cause);
    }
}
