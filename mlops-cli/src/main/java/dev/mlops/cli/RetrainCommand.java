package dev.mlops.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.retraining.Retrainer;
import dev.mlops.retraining.RetrainingOutcome;
import dev.mlops.retraining.RetrainingPolicy;
import dev.mlops.retraining.TriggerResult;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mlops retrain}: one run of a retraining policy, as cron runs it. */
@Command(name = "retrain",
        description = {"Evaluate a retraining policy's triggers now; when one fires, train a challenger on all"
                + " but the newest rows of the policy's data (by default with the production version's"
                + " algorithm and parameters), register it with the production version as its parent,"
                + " validate it against the production version on the newest rows, and promote it to"
                + " PRODUCTION when it passes (or leave it in STAGING awaiting approval, as the policy says);"
                + " a rejected challenger is archived with its report.",
                "One run of a model at a time across processes and machines: a concurrent run exits 4 at"
                        + " once. Exit 0 for every decision; 2 bad policy or data; 4 another process is"
                        + " retraining; 5 storage."})
final class RetrainCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "NAME", description = "The model.")
    private String name;

    @Option(names = "--policy", required = true, paramLabel = "POLICY.json",
            description = "The policy; a relative CSV path in it is resolved against the policy's directory.")
    private Path policy;

    @Mixin
    private StoreOptions store;

    @Mixin
    private OutputOptions output;

    @Override
    public Integer call() {
        RetrainingPolicy parsed = RetrainingPolicy.read(policy);
        RetrainingOutcome outcome;
        try (ModelRegistry registry = store.open()) {
            outcome = Retrainer.of(registry, parsed).run(name);
        }
        output.print(json(outcome), () -> text(outcome));
        return ExitCodes.OK;
    }

    private static ObjectNode json(RetrainingOutcome outcome) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("model", outcome.model());
        root.set("champion", outcome.champion().map(v -> Json.read(Json.write(JsonViews.Version.of(v))))
                .orElse(null));
        ArrayNode triggers = root.putArray("triggers");
        for (TriggerResult t : outcome.triggers()) {
            triggers.addObject().put("kind", t.kind()).put("fired", t.fired()).put("detail", t.detail());
        }
        root.set("challenger", outcome.challenger().map(v -> Json.read(Json.write(JsonViews.Version.of(v))))
                .orElse(null));
        root.set("validation", outcome.validation().map(r -> Json.read(r.toJson())).orElse(null));
        root.put("decision", outcome.decision().id());
        root.put("reason", outcome.reason());
        return root;
    }

    private static String text(RetrainingOutcome outcome) {
        StringBuilder text = new StringBuilder(outcome.model()).append(": ").append(outcome.decision().id())
                .append(outcome.challenger().map(v -> " " + v.ref() + " (" + v.stage() + ")").orElse(""))
                .append('\n').append("  ").append(outcome.reason()).append('\n');
        for (TriggerResult t : outcome.triggers()) {
            text.append("  ").append(t.fired() ? "FIRED " : "quiet ").append(t.kind()).append(": ")
                    .append(t.detail()).append('\n');
        }
        return text.toString().stripTrailing();
    }
}
