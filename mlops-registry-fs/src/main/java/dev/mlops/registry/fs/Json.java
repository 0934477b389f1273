package dev.mlops.registry.fs;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.cfg.EnumFeature;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.registry.ArtifactSignature;
import dev.mlops.registry.AuditAction;
import dev.mlops.registry.AuditEvent;
import dev.mlops.registry.Evidence;
import dev.mlops.registry.PerformanceRecord;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Iterator;
import java.util.Set;

/**
 * The one JSON mapping of the store's files. Output is indented with map keys sorted, so that a
 * file is readable and the same state always gives the same bytes. Reading is strict (unknown or
 * missing properties, trailing content and nulls for primitives are errors) because a file that
 * is not exactly what this code writes must not be replayed.
 *
 * <p>Instants are ISO-8601 strings in UTC truncated to the millisecond, the precision the API
 * documents ({@code 2026-01-01T12:00:00.123Z}); enums are written in lower case. An audit entry's
 * {@code state} is the one property that may be absent: entries written before state digests were
 * recorded have none, and so may evidence's {@code signature}: evidence written before it was
 * signed has none, and a performance record's {@code instance} and {@code drift}: records written
 * before they were stored have neither (read as {@code null}: not named, not checked).
 */
final class Json {

    static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new SimpleModule("mlops-instants")
                    .addSerializer(Instant.class, new InstantSerializer())
                    .addDeserializer(Instant.class, new InstantDeserializer())
                    .addDeserializer(AuditEvent.class, new AuditEventDeserializer())
                    .setDeserializerModifier(new OlderRecords()))
            // records only: no bean getters such as ArtifactSignature.isPresent() become properties
            .visibility(PropertyAccessor.IS_GETTER, JsonAutoDetect.Visibility.NONE)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .enable(EnumFeature.WRITE_ENUMS_TO_LOWERCASE)
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private Json() {
    }

    /** The JSON of a value. */
    static byte[] write(Object value) throws JsonProcessingException {
        return MAPPER.writeValueAsBytes(value);
    }

    /** Reads a value of a type; any malformation is an {@link IOException}. */
    static <T> T read(byte[] json, Class<T> type) throws IOException {
        return MAPPER.readValue(json, type);
    }

    private static final class InstantSerializer extends JsonSerializer<Instant> {
        @Override
        public void serialize(Instant value, JsonGenerator gen, SerializerProvider serializers)
                throws IOException {
            gen.writeString(value.truncatedTo(ChronoUnit.MILLIS).toString());
        }
    }

    /** Strict like the rest, except that {@code state} may be missing (older log files). */
    private static final class AuditEventDeserializer extends JsonDeserializer<AuditEvent> {

        private static final Set<String> PROPERTIES = Set.of("name", "seq", "time", "actor",
                "action", "version", "from", "to", "reason", "detail", "previousHash", "hash", "state");

        @Override
        public AuditEvent deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (!(ctxt.readTree(p) instanceof ObjectNode node)) {
                return (AuditEvent) ctxt.handleUnexpectedToken(AuditEvent.class, p);
            }
            for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
                String property = names.next();
                if (!PROPERTIES.contains(property)) {
                    ctxt.reportInputMismatch(AuditEvent.class, "unknown audit entry property '%s'",
                            property);
                }
            }
            Instant time;
            try {
                time = Instant.parse(text(node, "time", ctxt));
            } catch (DateTimeParseException e) {
                return ctxt.reportInputMismatch(AuditEvent.class, "audit entry time is not an"
                        + " ISO-8601 instant");
            }
            AuditAction action;
            try {
                action = AuditAction.parse(text(node, "action", ctxt));
            } catch (IllegalArgumentException e) {
                return ctxt.reportInputMismatch(AuditEvent.class, "unknown audit action");
            }
            return new AuditEvent(text(node, "name", ctxt), number(node, "seq", ctxt), time,
                    text(node, "actor", ctxt), action, Math.toIntExact(number(node, "version", ctxt)),
                    text(node, "from", ctxt), text(node, "to", ctxt), text(node, "reason", ctxt),
                    text(node, "detail", ctxt), text(node, "previousHash", ctxt),
                    text(node, "hash", ctxt), node.has("state") ? text(node, "state", ctxt) : "");
        }

        private static String text(ObjectNode node, String property, DeserializationContext ctxt)
                throws IOException {
            JsonNode value = node.get(property);
            if (value == null || !value.isTextual()) {
                return ctxt.reportInputMismatch(AuditEvent.class,
                        "audit entry property '%s' is missing or not text", property);
            }
            return value.textValue();
        }

        private static long number(ObjectNode node, String property, DeserializationContext ctxt)
                throws IOException {
            JsonNode value = node.get(property);
            if (value == null || !value.canConvertToLong() || !value.isIntegralNumber()) {
                return ctxt.<Long>reportInputMismatch(AuditEvent.class,
                        "audit entry property '%s' is missing or not a whole number", property);
            }
            return value.longValue();
        }
    }

    /**
     * Reads what older log files lack: evidence without a {@code signature} as unsigned, a
     * performance record without {@code instance} or {@code drift} as having none; strict otherwise.
     */
    private static final class OlderRecords extends BeanDeserializerModifier {
        @Override
        public JsonDeserializer<?> modifyDeserializer(DeserializationConfig config, BeanDescription description,
                JsonDeserializer<?> deserializer) {
            Class<?> type = description.getBeanClass();
            if (type != Evidence.class && type != PerformanceRecord.class) {
                return deserializer;
            }
            return new DelegatingDeserializer(deserializer) {
                @Override
                protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> delegate) {
                    return this;
                }

                @Override
                public Object deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                    JsonNode node = ctxt.readTree(p);
                    if (node instanceof ObjectNode object) {
                        if (type == Evidence.class && !object.has("signature")) {
                            object.set("signature", MAPPER.valueToTree(ArtifactSignature.NONE));
                        }
                        if (type == PerformanceRecord.class) {
                            for (String added : new String[] {"instance", "drift"}) {
                                if (!object.has(added)) {
                                    object.putNull(added);
                                }
                            }
                        }
                    }
                    try (JsonParser tree = node.traverse(p.getCodec())) {
                        tree.nextToken();
                        return _delegatee.deserialize(tree, ctxt);
                    }
                }
            };
        }
    }

    private static final class InstantDeserializer extends JsonDeserializer<Instant> {
        @Override
        public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() != JsonToken.VALUE_STRING) {
                return (Instant) ctxt.handleUnexpectedToken(Instant.class, p);
            }
            try {
                return Instant.parse(p.getText());
            } catch (DateTimeParseException e) {
                return (Instant) ctxt.handleWeirdStringValue(Instant.class, p.getText(),
                        "not an ISO-8601 instant");
            }
        }
    }
}
