package dev.mlops.retraining;

import dev.mlops.MlopsException;

/**
 * A {@link DataSource} could not be reached, though nothing says its data is wrong: the database
 * refused the connection, the files a glob names have not arrived yet. Unlike a
 * {@link dev.mlops.data.DataException} (bad data, exit 2), it may succeed later, so a policy's
 * {@code retries} try again (the command exits 5 when they are spent).
 */
public final class DataUnavailableException extends MlopsException {

    /**
     * @param source what could not be reached (a URL without its credentials, a path or glob)
     * @param problem why
     * @param cause the driver's or file system's exception, if any
     */
    public DataUnavailableException(String source, String problem, Throwable cause) {
        super(source + ": " + problem, cause);
    }
}
