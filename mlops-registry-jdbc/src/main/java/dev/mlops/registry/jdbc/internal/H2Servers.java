package dev.mlops.registry.jdbc.internal;

import dev.mlops.MlopsConfigurationException;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Locale;

/**
 * Keeps the TCP server that H2 starts for {@code AUTO_SERVER} on the loopback interface. H2 binds
 * its servers to the address in the system property {@code h2.bindAddress}, read once when H2 is
 * first used in a JVM, and to every interface when it is not set: a registry file would then be
 * reachable from the network. H2 has no setting per database, so the store sets the property
 * itself, to {@code 127.0.0.1}, unless the application set it (to any address it chooses).
 */
public final class H2Servers {

    /** The system property H2 reads its bind address from. */
    public static final String BIND_ADDRESS = "h2.bindAddress";
    /** What the store binds H2's servers to when the application did not say. */
    public static final String LOOPBACK = "127.0.0.1";

    private H2Servers() {
    }

    /** Sets {@value #BIND_ADDRESS} to the loopback address unless it is set. Call before H2 is used. */
    public static void bindToLoopback() {
        synchronized (System.getProperties()) {
            if (System.getProperty(BIND_ADDRESS) == null) {
                System.setProperty(BIND_ADDRESS, LOOPBACK);
            }
        }
    }

    /** Whether H2 serves a database with this (connection) URL to other processes. */
    public static boolean autoServer(String connectionUrl) {
        return connectionUrl.toLowerCase(Locale.ROOT).contains(";auto_server=true");
    }

    /**
     * Checks that the H2 in this JVM binds its servers to a chosen address.
     *
     * @throws MlopsConfigurationException when H2 was first used in this JVM before
     *     {@link #bindToLoopback()} could set the address, so that the auto-server would listen on
     *     every interface
     */
    public static void requireBound(String url) {
        String bound;
        try {
            ClassLoader loader = DriverManager.getDriver(url).getClass().getClassLoader();
            bound = (String) Class.forName("org.h2.engine.SysProperties", true, loader)
                    .getField("BIND_ADDRESS").get(null);
        } catch (SQLException | ReflectiveOperationException | ClassCastException e) {
            // an H2 that keeps its settings elsewhere: nothing to check here
            return;
        }
        if (bound == null || bound.isEmpty()) {
            throw new MlopsConfigurationException("H2 was already in use in this JVM before the"
                    + " registry could bind its auto-server to " + LOOPBACK + ", so the registry file"
                    + " would be served on every network interface. Start the JVM with -D"
                    + BIND_ADDRESS + "=" + LOOPBACK + " (or the address to serve on), or open the"
                    + " registry before other uses of H2");
        }
    }
}
