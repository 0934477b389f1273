package dev.mlops.core;

/** The HTML conventions of every report page the library writes (validation, drift). */
public final class Html {

    private Html() {
    }

    /** Text made safe for HTML element content and quoted attribute values: {@code < > & " '} escaped. */
    public static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
