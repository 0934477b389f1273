package dev.mlops.registry.jdbc.internal;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The credentials of one store, masked wherever the store writes text: its own messages, and the
 * messages of driver exceptions, which may repeat a URL's password (MariaDB's "Incorrect port value
 * : secret@host" for a malformed user info, say). Every occurrence of a secret becomes {@code ***},
 * and URLs in the text are redacted as {@link Urls#redact} does. Immutable.
 */
public final class Secrets {

    /** No secrets: masks the URL forms only. */
    public static final Secrets NONE = new Secrets(List.of());

    private final List<String> values;

    private Secrets(Collection<String> values) {
        List<String> sorted = new ArrayList<>(new LinkedHashSet<>(values));
        sorted.removeIf(String::isEmpty);
        // longest first, so that a secret containing another is masked whole
        sorted.sort(Comparator.comparingInt(String::length).reversed());
        this.values = List.copyOf(sorted);
    }

    /** The passwords in a JDBC URL and the one given apart from it (may be empty). */
    public static Secrets of(String url, String password) {
        Set<String> values = new LinkedHashSet<>(Urls.passwords(url));
        values.add(Objects.requireNonNull(password, "password"));
        return new Secrets(values);
    }

    /** The text with every secret, and every password in a URL, replaced by {@code ***}. */
    public String mask(String text) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (String secret : values) {
            out = out.replace(secret, "***");
        }
        return Urls.redact(out);
    }

    /**
     * A copy of an exception, its causes and its chained exceptions with their messages masked,
     * keeping SQL state, error code and stack traces, so that it can be attached as a cause and
     * printed without revealing anything.
     */
    public SQLException mask(SQLException e) {
        SQLException copy = new SQLException(mask(e.getMessage()), e.getSQLState(), e.getErrorCode(),
                masked(e.getCause()));
        copy.setStackTrace(e.getStackTrace());
        SQLException next = e.getNextException();
        if (next != null && next != e) {
            copy.setNextException(mask(next));
        }
        return copy;
    }

    private Throwable masked(Throwable cause) {
        if (cause == null) {
            return null;
        }
        if (cause instanceof SQLException sql) {
            return mask(sql);
        }
        Throwable copy = new MaskedException(cause.getClass().getName() + ": "
                + mask(cause.getMessage()), masked(cause.getCause()));
        copy.setStackTrace(cause.getStackTrace());
        return copy;
    }

    /** A cause that is not an SQLException, reduced to its class name and masked message. */
    private static final class MaskedException extends Exception {
        MaskedException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
