package dev.mlops.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The one place that turns results into JSON text. Map keys are sorted so that output is stable
 * from run to run; absent values are written as {@code null} so that every documented field is
 * always present.
 */
final class Json {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    private Json() {
    }

    /** A JSON document the library wrote, to print it like every other result. */
    static JsonNode read(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the library wrote malformed JSON", e);
        }
    }

    /** A JSON document the library wrote, laid out like every other result. */
    static String pretty(String json) {
        return write(read(json));
    }

    /** {@code value} (records, maps, lists, strings, numbers) as one JSON document. */
    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName()
                    + " as JSON", e);
        }
    }
}
