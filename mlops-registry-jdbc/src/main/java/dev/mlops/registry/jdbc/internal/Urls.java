package dev.mlops.registry.jdbc.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** JDBC URL helpers. */
public final class Urls {

    private static final Pattern PASSWORD_PARAM = Pattern.compile("(?i)(password=)([^&;\\s'\"]*)");
    private static final Pattern USER_INFO = Pattern.compile("(//[^/@:?;]+:)([^/@]*)@");

    private Urls() {
    }

    /**
     * The URL with passwords replaced by {@code ***}, in query parameters ({@code password=}), H2
     * settings ({@code ;PASSWORD=}) and user info ({@code //user:secret@host}), so that it can be
     * shown in messages and logs.
     */
    public static String redact(String url) {
        String out = PASSWORD_PARAM.matcher(url).replaceAll("$1***");
        return USER_INFO.matcher(out).replaceAll("$1***@");
    }

    /** The passwords a URL holds, in the places {@link #redact} masks. */
    public static List<String> passwords(String url) {
        List<String> found = new ArrayList<>();
        for (Pattern pattern : new Pattern[] {PASSWORD_PARAM, USER_INFO}) {
            Matcher m = pattern.matcher(url);
            while (m.find()) {
                found.add(m.group(2));
            }
        }
        return found;
    }
}
