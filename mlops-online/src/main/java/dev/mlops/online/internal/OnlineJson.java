package dev.mlops.online.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.core.Json;
import dev.mlops.online.BufferPolicy;
import dev.mlops.online.Detector;
import dev.mlops.online.OnlineSchema;
import dev.mlops.online.Optimizer;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The JSON parts of online artifacts: schemas, optimisers, buffer policies and detectors, with
 * {@link Json}'s mapper. Numbers round-trip exactly.
 */
public final class OnlineJson {

    private OnlineJson() {
    }

    /** Parses a header's JSON text; {@code in} names the artifact on failure. */
    public static JsonNode parse(String json, BinaryIn in) {
        try {
            return Json.read(json);
        } catch (IllegalArgumentException e) {
            throw in.fail("its header is not JSON: " + e.getMessage());
        }
    }

    /** {@code {labelColumn, labels, positiveClass|null, numeric, categorical, hashBuckets, hashSeed, standardize}}. */
    public static ObjectNode schema(OnlineSchema schema) {
        ObjectNode node = Json.object();
        node.put("labelColumn", schema.labelColumn());
        strings(node.putArray("labels"), schema.labels());
        if (schema.positiveClass().isPresent()) {
            node.put("positiveClass", schema.positiveClass().get());
        } else {
            node.putNull("positiveClass");
        }
        strings(node.putArray("numeric"), schema.numeric());
        strings(node.putArray("categorical"), schema.categorical());
        node.put("hashBuckets", schema.hashBuckets());
        node.put("hashSeed", schema.hashSeed());
        node.put("standardize", schema.standardize());
        return node;
    }

    /** Reads {@link #schema(OnlineSchema)}'s output. */
    public static OnlineSchema schema(JsonNode node, BinaryIn in) {
        try {
            JsonNode positive = required(node, "positiveClass", in);
            return new OnlineSchema(required(node, "labelColumn", in).asText(), strings(required(node, "labels", in)),
                    positive.isNull() ? Optional.empty() : Optional.of(positive.asText()),
                    strings(required(node, "numeric", in)), strings(required(node, "categorical", in)),
                    required(node, "hashBuckets", in).asInt(), required(node, "hashSeed", in).asLong(),
                    required(node, "standardize", in).asBoolean());
        } catch (IllegalArgumentException e) {
            throw in.fail("its schema is invalid: ", e);
        }
    }

    /** {@code {name, ...settings as numbers}}. */
    public static ObjectNode optimizer(Optimizer optimizer) {
        ObjectNode node = Json.object();
        node.put("name", optimizer.name());
        if (optimizer instanceof Optimizer.Ftrl f) {
            node.put("alpha", f.alpha()).put("beta", f.beta()).put("l1", f.l1()).put("l2", f.l2());
        } else if (optimizer instanceof Optimizer.AdaGrad a) {
            node.put("learningRate", a.learningRate()).put("epsilon", a.epsilon()).put("l2", a.l2());
        }
        return node;
    }

    /** Reads {@link #optimizer(Optimizer)}'s output. */
    public static Optimizer optimizer(JsonNode node, BinaryIn in) {
        try {
            String name = required(node, "name", in).asText();
            return switch (name) {
                case "ftrl" -> Optimizer.ftrl(required(node, "alpha", in).asDouble(), required(node, "beta", in).asDouble(),
                        required(node, "l1", in).asDouble(), required(node, "l2", in).asDouble());
                case "adagrad" -> Optimizer.adaGrad(required(node, "learningRate", in).asDouble(),
                        required(node, "epsilon", in).asDouble(), required(node, "l2", in).asDouble());
                default -> throw in.fail("unknown optimiser '" + name + "'");
            };
        } catch (IllegalArgumentException e) {
            throw in.fail("its optimiser is invalid: ", e);
        }
    }

    /** {@code {kind, capacity, maxAge (ISO-8601) or null, seed}}. */
    public static ObjectNode buffer(BufferPolicy policy) {
        ObjectNode node = Json.object();
        node.put("kind", policy.kind().name());
        node.put("capacity", policy.capacity());
        if (policy.maxAge().isPresent()) {
            node.put("maxAge", policy.maxAge().get().toString());
        } else {
            node.putNull("maxAge");
        }
        node.put("seed", policy.seed());
        return node;
    }

    /** Reads {@link #buffer(BufferPolicy)}'s output. */
    public static BufferPolicy buffer(JsonNode node, BinaryIn in) {
        try {
            JsonNode maxAge = required(node, "maxAge", in);
            return new BufferPolicy(BufferPolicy.Kind.valueOf(required(node, "kind", in).asText()),
                    required(node, "capacity", in).asInt(),
                    maxAge.isNull() ? Optional.empty() : Optional.of(Duration.parse(maxAge.asText())),
                    required(node, "seed", in).asLong());
        } catch (IllegalArgumentException e) {
            throw in.fail("its buffer policy is invalid: ", e);
        } catch (DateTimeParseException e) {
            throw in.fail("its buffer policy is invalid: " + e.getMessage());
        }
    }

    /** {@code {name, ...settings as numbers}}. */
    public static ObjectNode detector(Detector detector) {
        ObjectNode node = Json.object();
        node.put("name", detector.name());
        if (detector instanceof Detector.AdwinSettings a) {
            node.put("delta", a.delta());
        } else if (detector instanceof Detector.DdmSettings d) {
            node.put("minSamples", d.minSamples()).put("warningLevel", d.warningLevel())
                    .put("driftLevel", d.driftLevel());
        } else if (detector instanceof Detector.PageHinkleySettings p) {
            node.put("delta", p.delta()).put("lambda", p.lambda()).put("minSamples", p.minSamples());
        }
        return node;
    }

    /** Reads {@link #detector(Detector)}'s output. */
    public static Detector detector(JsonNode node, BinaryIn in) {
        try {
            String name = required(node, "name", in).asText();
            return switch (name) {
                case "adwin" -> new Detector.AdwinSettings(required(node, "delta", in).asDouble());
                case "ddm" -> new Detector.DdmSettings(required(node, "minSamples", in).asInt(),
                        required(node, "warningLevel", in).asDouble(), required(node, "driftLevel", in).asDouble());
                case "page-hinkley" -> new Detector.PageHinkleySettings(required(node, "delta", in).asDouble(),
                        required(node, "lambda", in).asDouble(), required(node, "minSamples", in).asInt());
                default -> throw in.fail("unknown detector '" + name + "'");
            };
        } catch (IllegalArgumentException e) {
            throw in.fail("its detector is invalid: ", e);
        }
    }

    /** A member that must be there. */
    public static JsonNode required(JsonNode node, String field, BinaryIn in) {
        JsonNode value = node.get(field);
        if (value == null) {
            throw in.fail("its header lacks '" + field + "'");
        }
        return value;
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }
}
