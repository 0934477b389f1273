package dev.mlops.registry.fs;

import dev.mlops.MlopsConfigurationException;
import dev.mlops.spi.ModelStore;
import dev.mlops.spi.ModelStoreProvider;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Opens {@link FileModelStore}s for {@code file:} URIs: {@code file:/var/models},
 * {@code file:///var/models}, {@code file://localhost/var/models}, or a path relative to the
 * working directory such as {@code file:models} or {@code file:./models}. The path is
 * percent-decoded as in any URI ({@code %20} is a space; what {@link Path#toUri()} makes is
 * accepted); a space or other character a URI would escape may also be written as is. A query, a
 * fragment or a host other than {@code localhost} is refused.
 *
 * <p>Options (all positive integers): {@code checkpointEvery}, the transactions of a model between
 * two checkpoints (default 25); {@code versionsPerChunk} (1000) and {@code auditPerChunk} (2000),
 * the size of the chunks a model's first checkpoint is cut into (later ones keep it).
 */
public final class FileModelStoreProvider implements ModelStoreProvider {

    private static final boolean WINDOWS = System.getProperty("os.name", "")
            .toLowerCase(Locale.ROOT).startsWith("windows");

    /** Used by {@link java.util.ServiceLoader}. */
    public FileModelStoreProvider() {
    }

    /** {@return {@code file}} */
    @Override
    public String scheme() {
        return "file";
    }

    @Override
    public String description() {
        return "filesystem store (mlops-registry-fs)";
    }

    /**
     * Opens, creating when needed, the store in the directory {@code uri} names.
     *
     * @throws MlopsConfigurationException when the URI is not a local {@code file:} path, an option
     *     is given, or the directory holds something other than a store this version reads
     * @throws dev.mlops.registry.StorageException when the directory cannot be read or written
     */
    @Override
    public ModelStore open(String uri, Map<String, String> options) {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(options, "options");
        return FileModelStore.open(path(uri), uri, settings(uri, options));
    }

    /** The checkpoint settings the options give. */
    static FileModelStore.Settings settings(String uri, Map<String, String> options) {
        Set<String> unknown = new TreeSet<>(options.keySet());
        unknown.removeAll(OPTIONS);
        if (!unknown.isEmpty()) {
            throw new MlopsConfigurationException("the filesystem store does not know the options " + unknown
                    + " given for " + uri + "; it takes " + OPTIONS);
        }
        FileModelStore.Settings d = FileModelStore.Settings.DEFAULT;
        return new FileModelStore.Settings(positive(options, "checkpointEvery", d.every(), uri),
                positive(options, "versionsPerChunk", d.versionsPerChunk(), uri),
                positive(options, "auditPerChunk", d.auditPerChunk(), uri));
    }

    private static final Set<String> OPTIONS = new java.util.LinkedHashSet<>(
            List.of("checkpointEvery", "versionsPerChunk", "auditPerChunk"));

    private static int positive(Map<String, String> options, String option, int fallback, String uri) {
        String text = options.get(option);
        if (text == null) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(text.strip());
            if (value > 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new MlopsConfigurationException("the option " + option + " of the filesystem store " + uri
                + " must be a positive integer, got '" + text + "'");
    }

    /**
     * The absolute directory a {@code file:} URI names.
     *
     * @throws MlopsConfigurationException when it names none on this machine
     */
    static Path path(String uri) {
        if (!uri.regionMatches(true, 0, "file:", 0, 5)) {
            throw new MlopsConfigurationException("'" + uri + "' is not a file: URI; use for example"
                    + " file:/var/models or file:./models");
        }
        String rest = uri.substring(5);
        if (rest.contains("?") || rest.contains("#")) {
            throw new MlopsConfigurationException("the file: URI '" + uri + "' has a query or"
                    + " fragment, which the filesystem store does not take; write '?' as %3F and"
                    + " '#' as %23 in a path");
        }
        if (rest.startsWith("//")) {
            int slash = rest.indexOf('/', 2);
            String host = slash < 0 ? rest.substring(2) : rest.substring(2, slash);
            if (!host.isEmpty() && !host.equalsIgnoreCase("localhost")) {
                throw new MlopsConfigurationException("the file: URI '" + uri + "' names the host '"
                        + host + "'; the filesystem store opens local directories only: use"
                        + " file:/path, file:///path or file://localhost/path (mount a network"
                        + " share and give its local path)");
            }
            rest = slash < 0 ? "" : rest.substring(slash);
        }
        String decoded = percentDecode(rest, uri);
        if (decoded.isEmpty()) {
            throw new MlopsConfigurationException("the file: URI '" + uri + "' has no path");
        }
        if (WINDOWS && decoded.matches("/[A-Za-z]:.*")) {
            decoded = decoded.substring(1); // file:///C:/models
        }
        try {
            return Path.of(decoded).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw new MlopsConfigurationException("the file: URI '" + uri
                    + "' is not a valid path here: " + e.getMessage(), e);
        }
    }

    private static String percentDecode(String text, String uri) {
        if (text.indexOf('%') < 0) {
            return text;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); ) {
            if (text.charAt(i) == '%') {
                int value = i + 2 < text.length() ? hexValue(text.charAt(i + 1), text.charAt(i + 2)) : -1;
                if (value < 0) {
                    throw new MlopsConfigurationException("the file: URI '" + uri + "' has a '%' that"
                            + " does not start an escape such as %20; write '%' as %25");
                }
                bytes.write(value);
                i += 3;
            } else {
                int codePoint = text.codePointAt(i);
                bytes.writeBytes(Character.toString(codePoint).getBytes(StandardCharsets.UTF_8));
                i += Character.charCount(codePoint);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static int hexValue(char high, char low) {
        int h = Character.digit(high, 16);
        int l = Character.digit(low, 16);
        return h < 0 || l < 0 ? -1 : h * 16 + l;
    }
}
