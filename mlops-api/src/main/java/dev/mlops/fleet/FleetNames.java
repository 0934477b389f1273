package dev.mlops.fleet;

import java.util.regex.Pattern;

/**
 * The names a fleet store keys by: experiment and monitor ids, instance names and telemetry
 * kinds. They become file names and key columns, so they are ASCII: a letter or digit, then
 * letters, digits, {@code .}, {@code _} or {@code -}; no {@code ..}; at most
 * {@value #MAX_LENGTH} characters.
 */
public final class FleetNames {

    /** Longest name accepted. */
    public static final int MAX_LENGTH = 100;

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    private FleetNames() {
    }

    /**
     * Checks a name.
     *
     * @param what what the name names, for the message ("experiment id")
     * @return the name, unchanged
     * @throws IllegalArgumentException saying what is wrong with it
     */
    public static String requireValid(String what, String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException(what + " must not be empty");
        }
        if (name.length() > MAX_LENGTH || !NAME.matcher(name).matches() || name.contains("..")) {
            throw new IllegalArgumentException(what + " '" + printable(name) + "' is invalid: it must start"
                    + " with a letter or digit, hold only letters, digits, '.', '_' or '-', no '..', and"
                    + " be at most " + MAX_LENGTH + " characters");
        }
        return name;
    }

    private static String printable(String name) {
        StringBuilder out = new StringBuilder();
        name.codePoints().limit(MAX_LENGTH + 20).forEach(c -> {
            if (c < 0x20 || c == 0x7f) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }
}
