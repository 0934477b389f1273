package dev.mlops.routing;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.data.UnitHash;
import dev.mlops.routing.internal.RoutingJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * Experiment files: JSON, UTF-8, as {@code mlops route} reads them.
 *
 * <pre>{@code
 * {
 *   "id": "churn-ab",                        required
 *   "salt": "churn-ab-2024-05",              required; a new salt reshuffles everyone
 *   "phase": 0,                              optional integer >= 0, mixed into the seed
 *   "variants": [                            required, 1 to 100, unique names
 *     {"name": "control", "model": "churn:7", "weight": 50},
 *     {"name": "treatment", "model": "churn@challenger", "weight": 50}
 *   ],
 *   "control": "control",                    optional, default the first variant (not the canary)
 *   "canary": null | {"variant": "treatment", "percent": 5,
 *                     "maxErrorRate": 0.02, "maxLatencyP99Ms": 250, "minRequests": 100},
 *   "bandit": null | {"policy": "thompson" | "epsilon-greedy", "epsilon": 0.1, "seed": 1},
 *   "analysis": {"metric": "converted", "alpha": 0.05, "sequential": true, "tau": 0.1,
 *                "minimumSamples": 100, "higherIsBetter": true, "power": 0.8,
 *                "minimumEffect": 0.01},                         optional, every field optional
 *   "allocation": {"control": [[0, 4999]], "treatment": [[5000, 9999]]}
 * }
 * }</pre>
 *
 * Weights are non-negative numbers, normalized over the experiment. {@code allocation} (slot
 * ranges per variant, inclusive) is what {@link #toJson} writes so that a later change of
 * weights moves the fewest units; names in it that are no longer variants free their slots.
 * Unknown fields, duplicate keys and values of the wrong type are errors that name the field.
 */
public final class ExperimentFiles {

    private static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private static final Set<String> ROOT_FIELDS =
        Set.of("id", "salt", "phase", "variants", "control", "canary", "bandit", "analysis", "allocation");
    private static final Set<String> VARIANT_FIELDS = Set.of("name", "model", "weight");
    private static final Set<String> CANARY_FIELDS =
        Set.of("variant", "percent", "maxErrorRate", "maxLatencyP99Ms", "minRequests");
    private static final Set<String> BANDIT_FIELDS = Set.of("policy", "epsilon", "seed");
    private static final Set<String> ANALYSIS_FIELDS = Set.of("metric", "alpha", "sequential", "tau",
        "minimumSamples", "higherIsBetter", "power", "minimumEffect");

    private ExperimentFiles() {
    }

    /**
     * Reads an experiment file (UTF-8).
     *
     * @throws RoutingInputException if the file cannot be read or is not a valid experiment
     */
    public static Experiment read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new RoutingInputException(file.toString(), 0, null, "cannot read: " + e, e);
        }
        return parse(text, file.toString());
    }

    /**
     * Parses an experiment from JSON text; {@code source} names it in error messages.
     *
     * @throws RoutingInputException if the text is not a valid experiment
     */
    public static Experiment parse(String json, String source) {
        JsonNode root;
        try {
            root = JSON.readTree(json.startsWith("\uFEFF") ? json.substring(1) : json);  // a UTF-8 byte order mark is no JSON
        } catch (JsonProcessingException e) {
            long line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw new RoutingInputException(source, line, null, "not valid JSON: " + e.getOriginalMessage(), e);
        }
        return new Reader(source).experiment(root);
    }

    /** The experiment as JSON in the file format, with its current slot table as {@code allocation}. */
    public static String toJson(Experiment experiment) {
        return RoutingJson.experiment(experiment);
    }

    /**
     * Writes {@link #toJson} to a file atomically (a temporary file moved over the target).
     *
     * @throws UncheckedIOException if the file cannot be written
     */
    public static void write(Path file, Experiment experiment) {
        Path absolute = file.toAbsolutePath();
        try {
            Path temp = Files.createTempFile(absolute.getParent(), absolute.getFileName() + ".", ".tmp");
            try {
                Files.writeString(temp, toJson(experiment), StandardCharsets.UTF_8);
                Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** Reads the tree, with the field path at hand for every message. */
    private static final class Reader {
        private final String source;

        Reader(String source) {
            this.source = source;
        }

        Experiment experiment(JsonNode root) {
            if (!root.isObject()) {
                throw error(null, "the experiment must be a JSON object");
            }
            checkFields(root, ROOT_FIELDS, "");
            String id = text(root, "id", "", true).orElseThrow();
            String salt = text(root, "salt", "", true).orElseThrow();
            long phase = integer(root, "phase", "").orElse(0L);
            if (phase < 0) {
                throw error("phase", "must not be negative, was " + phase);
            }
            JsonNode list = root.get("variants");
            if (list == null || list.isNull()) {
                throw error("variants", "is required");
            }
            if (!list.isArray()) {
                throw error("variants", "must be an array of {\"name\",\"model\",\"weight\"}");
            }
            Experiment.Builder builder = Experiment.builder(id, salt).phase(phase);
            List<String> names = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                String path = "variants[" + i + "]";
                JsonNode node = list.get(i);
                if (!node.isObject()) {
                    throw error(path, "must be an object {\"name\",\"model\",\"weight\"}");
                }
                checkFields(node, VARIANT_FIELDS, path + ".");
                String name = text(node, "name", path + ".", true).orElseThrow();
                String model = text(node, "model", path + ".", true).orElseThrow();
                double weight = number(node, "weight", path + ".").orElseThrow(() -> error(path + ".weight", "is required"));
                if (!(weight >= 0)) {
                    throw error(path + ".weight", "must be a non-negative number, was " + weight);
                }
                if (names.contains(name)) {
                    throw error(path + ".name", "'" + name + "' is the name of an earlier variant; names must be unique");
                }
                names.add(name);
                try {
                    builder.variant(name, model, weight);
                } catch (IllegalArgumentException e) {
                    throw error(path, e.getMessage());
                }
            }
            text(root, "control", "", false).ifPresent(control -> {
                if (!names.contains(control)) {
                    throw error("control", "'" + control + "' is not one of the variants " + names);
                }
                builder.control(control);
            });
            JsonNode canary = root.get("canary");
            if (canary != null && !canary.isNull()) {
                builder.canary(canary(canary, names));
            }
            JsonNode bandit = root.get("bandit");
            if (bandit != null && !bandit.isNull()) {
                builder.bandit(bandit(bandit));
            }
            JsonNode analysis = root.get("analysis");
            if (analysis != null && !analysis.isNull()) {
                builder.analysis(analysis(analysis));
            }
            JsonNode allocation = root.get("allocation");
            if (allocation != null && !allocation.isNull()) {
                builder.allocation(allocation(allocation, names));
            }
            try {
                return builder.build();
            } catch (IllegalArgumentException e) {
                throw error(null, e.getMessage());
            }
        }

        private Canary canary(JsonNode node, List<String> names) {
            if (!node.isObject()) {
                throw error("canary", "must be null or an object {\"variant\",\"percent\",...}");
            }
            checkFields(node, CANARY_FIELDS, "canary.");
            String variant = text(node, "variant", "canary.", true).orElseThrow();
            if (!names.contains(variant)) {
                throw error("canary.variant", "'" + variant + "' is not one of the variants " + names);
            }
            double percent = number(node, "percent", "canary.").orElseThrow(() -> error("canary.percent", "is required"));
            if (!(percent >= 0 && percent <= 100)) {
                throw error("canary.percent", "must be in [0, 100], was " + percent);
            }
            OptionalDouble errorRate = optional(number(node, "maxErrorRate", "canary."));
            if (errorRate.isPresent() && !(errorRate.getAsDouble() >= 0 && errorRate.getAsDouble() <= 1)) {
                throw error("canary.maxErrorRate", "must be in [0, 1], was " + errorRate.getAsDouble());
            }
            OptionalDouble latency = optional(number(node, "maxLatencyP99Ms", "canary."));
            if (latency.isPresent() && !(latency.getAsDouble() > 0)) {
                throw error("canary.maxLatencyP99Ms", "must be a positive number, was " + latency.getAsDouble());
            }
            long minRequests = integer(node, "minRequests", "canary.").orElse(Canary.DEFAULT_MIN_REQUESTS);
            if (minRequests < 0) {
                throw error("canary.minRequests", "must not be negative, was " + minRequests);
            }
            return new Canary(variant, percent, errorRate, latency, minRequests);
        }

        private Bandit bandit(JsonNode node) {
            if (!node.isObject()) {
                throw error("bandit", "must be null or an object {\"policy\",\"epsilon\",\"seed\"}");
            }
            checkFields(node, BANDIT_FIELDS, "bandit.");
            String policyName = text(node, "policy", "bandit.", true).orElseThrow();
            Bandit.Policy policy = switch (policyName) {
                case "thompson" -> Bandit.Policy.THOMPSON;
                case "epsilon-greedy" -> Bandit.Policy.EPSILON_GREEDY;
                default -> throw error("bandit.policy", "must be \"thompson\" or \"epsilon-greedy\", was \"" + policyName + "\"");
            };
            double epsilon = number(node, "epsilon", "bandit.").orElse(policy == Bandit.Policy.EPSILON_GREEDY ? 0.1 : 0.0);
            if (!(epsilon >= 0 && epsilon <= 1)) {
                throw error("bandit.epsilon", "must be in [0, 1], was " + epsilon);
            }
            long seed = integer(node, "seed", "bandit.").orElse(0L);
            return new Bandit(policy, epsilon, seed);
        }

        private AnalysisSettings analysis(JsonNode node) {
            if (!node.isObject()) {
                throw error("analysis", "must be an object");
            }
            checkFields(node, ANALYSIS_FIELDS, "analysis.");
            AnalysisSettings d = AnalysisSettings.defaults();
            try {
                return new AnalysisSettings(
                    text(node, "metric", "analysis.", false),
                    number(node, "alpha", "analysis.").orElse(d.alpha()),
                    bool(node, "sequential", "analysis.").orElse(d.sequential()),
                    number(node, "tau", "analysis.").orElse(d.tau()),
                    integer(node, "minimumSamples", "analysis.").orElse(d.minimumSamples()),
                    bool(node, "higherIsBetter", "analysis.").orElse(d.higherIsBetter()),
                    number(node, "power", "analysis.").orElse(d.power()),
                    optional(number(node, "minimumEffect", "analysis.")));
            } catch (IllegalArgumentException e) {
                throw error(null, e.getMessage());
            }
        }

        private Allocation allocation(JsonNode node, List<String> names) {
            if (!node.isObject()) {
                throw error("allocation", "must be an object of slot ranges per variant");
            }
            int[] owners = new int[UnitHash.SLOTS];
            java.util.Arrays.fill(owners, -1);
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                String path = "allocation." + entry.getKey();
                int variant = names.indexOf(entry.getKey());  // -1: a removed variant, its slots are free
                if (!entry.getValue().isArray()) {
                    throw error(path, "must be an array of [first, last] slot ranges");
                }
                for (int r = 0; r < entry.getValue().size(); r++) {
                    JsonNode range = entry.getValue().get(r);
                    String rangePath = path + "[" + r + "]";
                    if (!range.isArray() || range.size() != 2 || !range.get(0).isIntegralNumber() || !range.get(1).isIntegralNumber()) {
                        throw error(rangePath, "must be [first, last], two slot numbers");
                    }
                    long first = range.get(0).asLong();
                    long last = range.get(1).asLong();
                    if (first < 0 || last >= UnitHash.SLOTS || first > last) {
                        throw error(rangePath, "must satisfy 0 <= first <= last < " + UnitHash.SLOTS + ", was [" + first + ", " + last + "]");
                    }
                    for (int s = (int) first; s <= last; s++) {
                        if (owners[s] != -1) {
                            throw error(rangePath, "slot " + s + " is listed twice");
                        }
                        owners[s] = variant < 0 ? -2 : variant;
                    }
                }
            }
            for (int s = 0; s < owners.length; s++) {
                if (owners[s] == -2) {
                    owners[s] = -1;
                }
            }
            return Allocation.ofOwners(owners, names.size());
        }

        private void checkFields(JsonNode node, Set<String> allowed, String prefix) {
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                if (!allowed.contains(name)) {
                    throw error(prefix + name, "unknown field; expected one of " + new java.util.TreeSet<>(allowed));
                }
            }
        }

        private Optional<String> text(JsonNode node, String field, String prefix, boolean required) {
            JsonNode value = node.get(field);
            if (value == null || value.isNull()) {
                if (required) {
                    throw error(prefix + field, "is required");
                }
                return Optional.empty();
            }
            if (!value.isTextual()) {
                throw error(prefix + field, "must be a string, was " + value);
            }
            if (value.asText().isEmpty()) {
                throw error(prefix + field, "must not be empty");
            }
            return Optional.of(value.asText());
        }

        private Optional<Double> number(JsonNode node, String field, String prefix) {
            JsonNode value = node.get(field);
            if (value == null || value.isNull()) {
                return Optional.empty();
            }
            if (!value.isNumber() || !Double.isFinite(value.asDouble())) {
                throw error(prefix + field, "must be a number, was " + value);
            }
            return Optional.of(value.asDouble());
        }

        private Optional<Long> integer(JsonNode node, String field, String prefix) {
            JsonNode value = node.get(field);
            if (value == null || value.isNull()) {
                return Optional.empty();
            }
            if (!value.isNumber() || value.asDouble() != Math.rint(value.asDouble()) || !value.canConvertToLong()) {
                throw error(prefix + field, "must be an integer, was " + value);
            }
            return Optional.of(value.asLong());
        }

        private Optional<Boolean> bool(JsonNode node, String field, String prefix) {
            JsonNode value = node.get(field);
            if (value == null || value.isNull()) {
                return Optional.empty();
            }
            if (!value.isBoolean()) {
                throw error(prefix + field, "must be true or false, was " + value);
            }
            return Optional.of(value.asBoolean());
        }

        private static OptionalDouble optional(Optional<Double> value) {
            return value.map(OptionalDouble::of).orElse(OptionalDouble.empty());
        }

        private RoutingInputException error(String field, String problem) {
            return new RoutingInputException(source, 0, field, problem);
        }
    }
}
