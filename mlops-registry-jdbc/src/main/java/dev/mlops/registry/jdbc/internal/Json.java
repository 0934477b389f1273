package dev.mlops.registry.jdbc.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The JSON text of the metrics, parameters and tags maps stored in a version row, and of name lists. */
final class Json {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final TypeReference<Map<String, Double>> DOUBLES = new TypeReference<>() {
    };
    private static final TypeReference<Map<String, String>> STRINGS = new TypeReference<>() {
    };
    private static final TypeReference<List<String>> NAMES = new TypeReference<>() {
    };

    private Json() {
    }

    /** The map as a JSON object with sorted keys, so that equal maps are equal text. */
    static String write(Map<String, ?> map) {
        try {
            return MAPPER.writeValueAsString(new TreeMap<>(map));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a map of plain values as JSON", e);
        }
    }

    /** A list of names as a JSON array, in its order. */
    static String writeNames(List<String> names) {
        try {
            return MAPPER.writeValueAsString(names);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a list of names as JSON", e);
        }
    }

    static List<String> names(String json) {
        return read(json, NAMES);
    }

    static Map<String, Double> doubles(String json) {
        return read(json, DOUBLES);
    }

    static Map<String, String> strings(String json) {
        return read(json, STRINGS);
    }

    private static <T> T read(String json, TypeReference<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored map is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }
}
