package dev.mlops.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * The JSON conventions of every document the library writes (training results, validation and
 * drift reports, experiment analyses): one shared, thread-safe {@link ObjectMapper}; numbers that are
 * undefined ({@code NaN}) are {@code null}, since JSON has no NaN.
 */
public final class Json {

    /** Shared and thread-safe; never reconfigured after this line. */
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final ObjectWriter PRETTY = MAPPER.writerWithDefaultPrettyPrinter();

    private Json() {
    }

    /** Puts a number, or {@code null} when it is {@code NaN} (undefined), since JSON has no NaN. */
    public static void number(ObjectNode node, String name, double value) {
        if (Double.isFinite(value)) {
            node.put(name, value);
        } else {
            node.putNull(name);
        }
    }

    /** A number read back, {@code NaN} for {@code null} or absent. */
    public static double number(JsonNode node, String name) {
        JsonNode value = node.get(name);
        return value == null || value.isNull() ? Double.NaN : value.asDouble();
    }

    /** Puts each entry of a metric map with {@link #number(ObjectNode, String, double)}. */
    public static ObjectNode numbers(ObjectNode node, Map<String, Double> values) {
        values.forEach((name, value) -> number(node, name, value));
        return node;
    }

    /** A new empty object node. */
    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** A value (a record, a map, a list) as a tree, the way Jackson maps it by default. */
    public static JsonNode tree(Object value) {
        return MAPPER.valueToTree(value);
    }

    /** Indented JSON text (two spaces per level), as people read it in files. */
    public static String writeIndented(JsonNode node) {
        try {
            return PRETTY.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serializes", e);
        }
    }

    /** Compact JSON text. */
    public static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serializes", e);
        }
    }

    /**
     * Parses JSON text.
     *
     * @throws IllegalArgumentException when it is not JSON
     */
    public static JsonNode read(String text) {
        try {
            JsonNode node = MAPPER.readTree(text);
            if (node == null || node.isMissingNode()) {
                throw new IllegalArgumentException("empty JSON document");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
        }
    }
}
