package dev.mlops.registry;

import java.util.Map;

/**
 * The most the registry stores in each place, checked before anything reaches a store, so that
 * every store accepts and refuses exactly the same input and nothing stored can later fail to read
 * back. MLflow's limits are the reference for keys (250) and values (MLflow: 6,000 for parameters,
 * 8,000 for tags) and for descriptions (5,000).
 *
 * <p>Lengths count UTF-16 {@code char}s ({@link String#length()}), which is the number of
 * characters for all text outside the supplementary planes (an emoji counts two). All stored text
 * must be well-formed UTF-16 (no unpaired surrogate) and hold no NUL character, which PostgreSQL
 * cannot store. Keys, and single-line fields such as an actor or a format name, hold no control
 * character at all; values, descriptions and reasons may span lines (every text output of the
 * command escapes control characters).
 *
 * <p>Model names ({@value ModelNames#MAX_LENGTH}), aliases (64) and job ids (100) have their own,
 * stricter rules; see {@link ModelNames} and {@link JobRecord}.
 */
public final class Limits {

    /** Longest key of a tag, parameter or metric. */
    public static final int MAX_KEY_LENGTH = 250;
    /** Longest value of a parameter. */
    public static final int MAX_PARAM_VALUE_LENGTH = 8_000;
    /** Longest value of a tag. */
    public static final int MAX_TAG_VALUE_LENGTH = 8_000;
    /** Most tags, parameters or metrics one version (or performance record) may have, each. */
    public static final int MAX_ENTRIES = 1_000;
    /** Longest description of a version. */
    public static final int MAX_DESCRIPTION_LENGTH = 5_000;
    /** Longest reason given for a change (promotion, rollback). */
    public static final int MAX_REASON_LENGTH = 1_000;
    /** Longest actor name. */
    public static final int MAX_ACTOR_LENGTH = 200;
    /** Longest single-line name: an artifact format, an evidence kind, a job kind or status. */
    public static final int MAX_LABEL_LENGTH = 100;
    /** Longest idempotency key. */
    public static final int MAX_IDEMPOTENCY_KEY_LENGTH = 200;
    /** Longest training-data fingerprint of a lineage. */
    public static final int MAX_FINGERPRINT_LENGTH = 128;
    /** Longest document: evidence, a job record's details, a lineage's provenance. */
    public static final int MAX_DOCUMENT_LENGTH = 10_000_000;

    private Limits() {
    }

    /**
     * Checks the key of a tag, parameter or metric: 1 to {@value #MAX_KEY_LENGTH} characters, no
     * control character.
     *
     * @param kind what the key belongs to, for the message: {@code tag}, {@code param}, ...
     * @return the key, unchanged
     * @throws IllegalArgumentException naming the key and the limit it breaks
     */
    public static String requireKey(String kind, String key) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException(kind + " key must not be empty");
        }
        return requireLine(kind + " key", key, MAX_KEY_LENGTH);
    }

    /**
     * Checks a single-line text: at most {@code max} characters, no control character.
     *
     * @param what the field, for the message, e.g. {@code actor}
     * @return the text, unchanged
     * @throws IllegalArgumentException naming the field and the limit it breaks
     */
    public static String requireLine(String what, String text, int max) {
        requireText(what, text, max);
        for (int i = 0; i < text.length(); i++) {
            if (Character.isISOControl(text.charAt(i))) {
                throw new IllegalArgumentException(what + " '" + ModelNames.printable(text)
                        + "' contains a control character (" + String.format("U+%04X",
                        (int) text.charAt(i)) + ") at position " + (i + 1) + "; it must be one line"
                        + " of printable text");
            }
        }
        return text;
    }

    /**
     * Checks a text that may span lines: at most {@code max} characters, well-formed UTF-16, no
     * NUL character.
     *
     * @param what the field, for the message, e.g. {@code description}
     * @return the text, unchanged
     * @throws IllegalArgumentException naming the field and the limit it breaks
     */
    public static String requireText(String what, String text, int max) {
        if (text == null) {
            throw new IllegalArgumentException(what + " must not be null");
        }
        if (text.length() > max) {
            throw new IllegalArgumentException(what + " '" + ModelNames.printable(text) + "' has "
                    + text.length() + " characters; the limit is " + max);
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 0) {
                throw new IllegalArgumentException(what + " '" + ModelNames.printable(text)
                        + "' contains a NUL character at position " + (i + 1)
                        + ", which not every store can hold");
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException(what + " '" + ModelNames.printable(text)
                        + "' contains an unpaired surrogate character at position " + (i + 1)
                        + ", which is not text any store can hold");
            }
        }
        return text;
    }

    /**
     * Checks the keys and values of a map of tags or parameters: at most {@value #MAX_ENTRIES}
     * entries, each key by {@link #requireKey}, each value by {@link #requireText} with
     * {@code maxValue}.
     *
     * @param kind {@code tag} or {@code param}, for the message
     * @return the map, unchanged
     * @throws IllegalArgumentException naming the entry and the limit it breaks
     */
    public static Map<String, String> requireTexts(String kind, Map<String, String> map,
            int maxValue) {
        requireEntries(kind, map);
        map.forEach((key, value) -> {
            requireKey(kind, key);
            requireText(kind + " '" + ModelNames.printable(key) + "'", value, maxValue);
        });
        return map;
    }

    /**
     * Checks a map of metrics: at most {@value #MAX_ENTRIES} entries, keys by {@link #requireKey},
     * finite values.
     *
     * @return the map, unchanged
     * @throws IllegalArgumentException naming the metric and what is wrong with it
     */
    public static Map<String, Double> requireMetrics(Map<String, Double> metrics) {
        requireEntries("metric", metrics);
        metrics.forEach((key, value) -> {
            requireKey("metric", key);
            if (value == null || !Double.isFinite(value)) {
                throw new IllegalArgumentException("metric '" + ModelNames.printable(key)
                        + "' is not a finite number: " + value);
            }
        });
        return metrics;
    }

    private static void requireEntries(String kind, Map<String, ?> map) {
        if (map.size() > MAX_ENTRIES) {
            throw new IllegalArgumentException(map.size() + " " + kind + "s given; the limit is "
                    + MAX_ENTRIES);
        }
    }
}
