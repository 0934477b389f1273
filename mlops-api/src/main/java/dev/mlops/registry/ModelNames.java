package dev.mlops.registry;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Rules for model and alias names, checked before anything touches storage.
 *
 * <p>A model name is one segment, or two segments separated by {@code /} where the first is a
 * namespace ({@code fraud/scorer}). A segment starts with an ASCII letter or digit and continues
 * with letters, digits, {@code .}, {@code _} or {@code -}; {@code ..} is not allowed anywhere. Names
 * are case-sensitive and at most {@value #MAX_LENGTH} characters long.
 *
 * <p>An alias is lower-case: a letter followed by letters, digits, {@code _} or {@code -}, at most
 * 64 characters. The stage names ({@code production}, {@code staging}, ...) and {@code latest} are
 * reserved: {@code churn@production} always means the version in PRODUCTION.
 */
public final class ModelNames {

    /** Longest model name accepted. */
    public static final int MAX_LENGTH = 100;

    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final Pattern ALIAS = Pattern.compile("[a-z][a-z0-9_-]{0,63}");

    private ModelNames() {
    }

    /**
     * Checks a model name.
     *
     * @return the name, unchanged
     * @throws IllegalArgumentException saying what is wrong with it
     */
    public static String requireValid(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("model name must not be empty");
        }
        String shown = printable(name);
        if (name.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("model name '" + shown + "' is longer than "
                    + MAX_LENGTH + " characters");
        }
        if (name.contains("..")) {
            throw new IllegalArgumentException("model name '" + shown + "' must not contain '..'");
        }
        String[] segments = name.split("/", -1);
        if (segments.length > 2) {
            throw new IllegalArgumentException("model name '" + shown
                    + "' has more than one '/'; the only form with a slash is NAMESPACE/NAME");
        }
        for (String segment : segments) {
            if (!SEGMENT.matcher(segment).matches()) {
                throw new IllegalArgumentException("model name '" + shown + "' is invalid: each part"
                        + " must start with a letter or digit and contain only letters, digits,"
                        + " '.', '_' or '-' (optionally NAMESPACE/NAME)");
            }
        }
        return name;
    }

    /**
     * Checks an alias that is to be set.
     *
     * @return the alias, unchanged
     * @throws IllegalArgumentException when it is malformed or reserved
     */
    public static String requireValidAlias(String alias) {
        if (alias == null || !ALIAS.matcher(alias).matches()) {
            throw new IllegalArgumentException("alias '" + printable(String.valueOf(alias))
                    + "' is invalid: use a lower-case letter followed by up to 63 letters, digits,"
                    + " '_' or '-'");
        }
        if (isReserved(alias)) {
            throw new IllegalArgumentException("alias '" + alias
                    + "' is reserved: stage names and 'latest' resolve by themselves");
        }
        return alias;
    }

    /** Whether an alias name is reserved (a stage name or {@code latest}). */
    private static boolean isReserved(String alias) {
        if (alias.equals("latest")) {
            return true;
        }
        for (Stage stage : Stage.values()) {
            if (stage.id().equals(alias.toLowerCase(Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }

    /** Replaces control characters so that a hostile name cannot forge lines in a message. */
    static String printable(String text) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), 80));
        for (int i = 0; i < text.length() && i < 80; i++) {
            char c = text.charAt(i);
            out.append(Character.isISOControl(c) ? String.format("\\u%04x", (int) c) : c);
        }
        return text.length() > 80 ? out.append("...").toString() : out.toString();
    }
}
