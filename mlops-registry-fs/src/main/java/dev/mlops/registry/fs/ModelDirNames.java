package dev.mlops.registry.fs;

import dev.mlops.registry.ModelNames;
import java.util.Optional;
import java.util.Set;

/**
 * The reversible mapping between model names and directory names under {@code models/}. See
 * {@link FileModelStore} for the rules; they keep names that differ only in case apart on
 * case-insensitive filesystems and avoid the names Windows refuses or alters.
 */
final class ModelDirNames {

    /** Windows device names, refused as a file name (even with an extension) on many versions. */
    private static final Set<String> WINDOWS_DEVICES = Set.of("con", "prn", "aux", "nul",
            "com0", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8", "com9",
            "lpt0", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9");

    private ModelDirNames() {
    }

    /**
     * The directory name of a model.
     *
     * @throws IllegalArgumentException when the name is invalid
     */
    static String encode(String name) {
        ModelNames.requireValid(name);
        StringBuilder out = new StringBuilder(name.length() + 8);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '/') {
                out.append('+');
            } else if (c >= 'A' && c <= 'Z') {
                out.append('^').append((char) (c - 'A' + 'a'));
            } else {
                out.append(c);
            }
        }
        int last = out.length() - 1;
        if (out.charAt(last) == '.') {
            // Windows silently drops a trailing dot, which would merge "a." with "a"
            out.replace(last, last + 1, hexEscape('.'));
        }
        int dot = out.indexOf(".");
        if (WINDOWS_DEVICES.contains(dot < 0 ? out.toString() : out.substring(0, dot))) {
            out.replace(0, 1, hexEscape(out.charAt(0)));
        }
        // at most 2 * ModelNames.MAX_LENGTH + 2 characters: within the usual 255-byte limit
        return out.toString();
    }

    /**
     * The model whose directory name this is; empty when it is not a name {@link #encode} makes
     * (a stray file or directory), so that it can be skipped.
     */
    static Optional<String> decode(String dirName) {
        StringBuilder name = new StringBuilder(dirName.length());
        for (int i = 0; i < dirName.length(); i++) {
            char c = dirName.charAt(i);
            if (c == '+') {
                name.append('/');
            } else if (c != '^') {
                name.append(c);
            } else if (i + 1 < dirName.length() && isLower(dirName.charAt(i + 1))) {
                name.append((char) (dirName.charAt(++i) - 'a' + 'A'));
            } else if (i + 2 < dirName.length() && isHex(dirName.charAt(i + 1))
                    && isHex(dirName.charAt(i + 2))) {
                name.append((char) Integer.parseInt(dirName.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                return Optional.empty();
            }
        }
        try {
            // only the canonical spelling counts: "^63on" and "con" must not both mean "con"
            return encode(name.toString()).equals(dirName) ? Optional.of(name.toString())
                    : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static String hexEscape(char c) {
        return String.format("^%02x", (int) c);
    }

    private static boolean isLower(char c) {
        return c >= 'a' && c <= 'z';
    }

    private static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
    }
}
