package dev.mlops.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.registry.PromotionPolicy;
import dev.mlops.registry.PromotionPolicy.Rule;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * The JSON form of a {@link PromotionPolicy}, as {@code mlops policy set} reads it and the audit log
 * keeps it: {@code {"production":{"approvals":N,"requireValidation":true,"requiredChecks":["auc.*"],
 * "approvers":["ann"]},"rollback":{...}}}. Every field is optional (0, false, empty); any other
 * field is an error.
 */
public final class PromotionPolicies {

    private static final Set<String> POLICY_FIELDS = Set.of("production", "rollback");
    private static final Set<String> RULE_FIELDS = Set.of("approvals", "requireValidation",
            "requiredChecks", "approvers");

    private PromotionPolicies() {
    }

    /**
     * Reads a policy.
     *
     * @throws IllegalArgumentException naming the field, when the text is not JSON, a field is
     *     unknown or of the wrong type, or a rule can never be met
     */
    public static PromotionPolicy fromJson(String json) {
        JsonNode root = Json.read(json);
        if (!root.isObject()) {
            throw new IllegalArgumentException("a policy is a JSON object, not " + root.getNodeType());
        }
        requireKnown(root, POLICY_FIELDS, "");
        return new PromotionPolicy(rule(root, "production"), rule(root, "rollback"));
    }

    /** The compact JSON of a policy, every field written. */
    public static String toJson(PromotionPolicy policy) {
        ObjectNode root = Json.object();
        root.set("production", rule(policy.production()));
        root.set("rollback", rule(policy.rollback()));
        return Json.write(root);
    }

    private static ObjectNode rule(Rule rule) {
        ObjectNode node = Json.object();
        node.put("approvals", rule.approvals());
        node.put("requireValidation", rule.requireValidation());
        rule.requiredChecks().forEach(node.putArray("requiredChecks")::add);
        rule.approvers().forEach(node.putArray("approvers")::add);
        return node;
    }

    private static Rule rule(JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return Rule.NONE;
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException("policy field '" + field + "' must be an object");
        }
        requireKnown(node, RULE_FIELDS, field + ".");
        JsonNode approvals = node.path("approvals");
        if (!approvals.isMissingNode() && !(approvals.isIntegralNumber() && approvals.canConvertToInt())) {
            throw new IllegalArgumentException("policy field '" + field + ".approvals' must be a whole"
                    + " number, got " + approvals);
        }
        JsonNode validation = node.path("requireValidation");
        if (!validation.isMissingNode() && !validation.isBoolean()) {
            throw new IllegalArgumentException("policy field '" + field + ".requireValidation' must be"
                    + " true or false, got " + validation);
        }
        try {
            return new Rule(approvals.asInt(0), validation.asBoolean(false),
                    strings(node, "requiredChecks", field), strings(node, "approvers", field));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("policy rule '" + field + "': " + e.getMessage(), e);
        }
    }

    private static List<String> strings(JsonNode rule, String name, String field) {
        JsonNode node = rule.path(name);
        if (node.isMissingNode()) {
            return List.of();
        }
        if (!(node instanceof ArrayNode array)) {
            throw new IllegalArgumentException("policy field '" + field + "." + name + "' must be an"
                    + " array of strings");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode item : array) {
            if (!item.isTextual()) {
                throw new IllegalArgumentException("policy field '" + field + "." + name + "' must be"
                        + " an array of strings, got " + item);
            }
            out.add(item.textValue());
        }
        return out;
    }

    private static void requireKnown(JsonNode node, Set<String> known, String prefix) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                throw new IllegalArgumentException("unknown policy field '" + prefix + name
                        + "'; known: " + known.stream().sorted().map(k -> prefix + k).toList());
            }
        }
    }
}
