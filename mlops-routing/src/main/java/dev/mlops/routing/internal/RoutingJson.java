package dev.mlops.routing.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.core.Json;
import dev.mlops.routing.Allocation;
import dev.mlops.routing.Analysis;
import dev.mlops.routing.AnalysisSettings;
import dev.mlops.routing.Canary;
import dev.mlops.routing.Experiment;
import dev.mlops.routing.SampleRatioCheck;
import dev.mlops.routing.Variant;
import dev.mlops.stats.Effect;
import dev.mlops.stats.Sample;
import java.util.List;

/**
 * Every JSON document the router writes, with the library's conventions ({@link Json}: undefined
 * numbers are null), indented, and ending with a newline: experiment files and analyses.
 */
public final class RoutingJson {

    private RoutingJson() {
    }

    /**
     * An experiment in the file format of {@link dev.mlops.routing.ExperimentFiles}, with its
     * current slot table as {@code allocation}.
     */
    public static String experiment(Experiment experiment) {
        ObjectNode root = Json.object();
        root.put("id", experiment.id());
        root.put("salt", experiment.salt());
        root.put("phase", experiment.phase());
        ArrayNode variants = root.putArray("variants");
        for (Variant v : experiment.variants()) {
            variants.addObject().put("name", v.name()).put("model", v.model()).put("weight", v.weight());
        }
        root.put("control", experiment.control());
        if (experiment.canary().isPresent()) {
            Canary c = experiment.canary().get();
            ObjectNode canary = root.putObject("canary").put("variant", c.variant()).put("percent", c.percent());
            c.maxErrorRate().ifPresent(value -> canary.put("maxErrorRate", value));
            c.maxLatencyP99Millis().ifPresent(value -> canary.put("maxLatencyP99Ms", value));
            canary.put("minRequests", c.minRequests());
        } else {
            root.putNull("canary");
        }
        experiment.bandit().ifPresent(b -> root.putObject("bandit")
            .put("policy", b.policy().jsonName()).put("epsilon", b.epsilon()).put("seed", b.seed()));
        AnalysisSettings a = experiment.analysis();
        ObjectNode analysis = root.putObject("analysis");
        a.metric().ifPresent(metric -> analysis.put("metric", metric));
        analysis.put("alpha", a.alpha()).put("sequential", a.sequential()).put("tau", a.tau())
            .put("minimumSamples", a.minimumSamples()).put("higherIsBetter", a.higherIsBetter()).put("power", a.power());
        a.minimumEffect().ifPresent(value -> analysis.put("minimumEffect", value));
        Allocation slots = experiment.slots();
        ObjectNode allocation = root.putObject("allocation");
        for (int i = 0; i < experiment.variants().size(); i++) {
            ArrayNode ranges = allocation.putArray(experiment.variants().get(i).name());
            for (int[] range : slots.ranges(i)) {
                ranges.addArray().add(range[0]).add(range[1]);
            }
        }
        return write(root);
    }

    /** The document of {@code mlops route analyze}, as {@link Analysis#toJson} describes it. */
    public static String analysis(Analysis analysis) {
        ObjectNode root = Json.object();
        root.put("experiment", analysis.experiment());
        root.put("metric", analysis.metric());
        root.put("metricType", type(analysis.conversion()));
        root.put("control", analysis.control());
        Json.number(root, "alpha", analysis.alpha());
        root.put("decidingTest", analysis.decidingTest().jsonName());
        ArrayNode variantArray = root.putArray("variants");
        for (Analysis.VariantResult v : analysis.variants()) {
            ObjectNode node = variantArray.addObject();
            node.put("name", v.name());
            node.put("count", v.units());
            node.put("metricCount", v.sample().count());
            Json.number(node, "expectedShare", v.expectedShare());
            Json.number(node, "observedShare", v.observedShare());
            Json.number(node, "mean", v.sample().mean());
            Json.number(node, "stdDev", v.sample().standardDeviation());
            if (analysis.conversion()) {
                node.put("conversions", v.sample().successes());
            }
        }
        if (analysis.sampleRatio().isPresent()) {
            SampleRatioCheck s = analysis.sampleRatio().get();
            Json.number(root, "srmPValue", s.pValue());
            ObjectNode node = root.putObject("srm");
            Json.number(node, "statistic", s.statistic());
            Json.number(node, "pValue", s.pValue());
            node.put("degreesOfFreedom", s.degreesOfFreedom());
            node.put("unexpectedUnits", s.unexpectedUnits());
            node.put("mismatch", s.mismatch());
        } else {
            root.putNull("srmPValue");
            root.putNull("srm");
        }
        writeTests(root.putArray("tests"), analysis.tests());
        root.put("requiredUnits", analysis.requiredUnits());
        ArrayNode guardrailArray = root.putArray("guardrails");
        for (Analysis.GuardrailCheck g : analysis.guardrails()) {
            ObjectNode node = guardrailArray.addObject().put("variant", g.variant()).put("check", g.check());
            Json.number(node, "value", g.value());
            Json.number(node, "limit", g.limit());
            node.put("requests", g.requests()).put("breached", g.breached());
        }
        ArrayNode secondary = root.putArray("secondaryMetrics");
        for (Analysis.MetricResult m : analysis.secondaryMetrics()) {
            ObjectNode node = secondary.addObject().put("metric", m.metric()).put("metricType", type(m.conversion()));
            ArrayNode samples = node.putArray("variants");
            for (int i = 0; i < analysis.variants().size(); i++) {
                Sample s = m.samples().get(i);
                ObjectNode sample = samples.addObject().put("name", analysis.variants().get(i).name()).put("count", s.count());
                Json.number(sample, "mean", s.mean());
                Json.number(sample, "stdDev", s.standardDeviation());
            }
            writeTests(node.putArray("tests"), m.tests());
        }
        root.put("unitsInSeveralVariants", analysis.unitsInSeveralVariants());
        root.put("decision", analysis.decision().label());
        root.put("reason", analysis.decision().reason());
        return write(root);
    }

    private static void writeTests(ArrayNode array, List<Analysis.Comparison> comparisons) {
        for (Analysis.Comparison c : comparisons) {
            ObjectNode node = array.addObject();
            Effect effect = c.result().effect().orElseThrow();
            node.put("variant", c.variant()).put("control", c.control()).put("method", c.result().method().jsonName());
            Json.number(node, "statistic", c.result().statistic());
            Json.number(node, "pValue", c.result().pValue().orElse(Double.NaN));
            Json.number(node, "adjustedPValue", c.adjustedPValue());
            Json.number(node, "effect", effect.estimate());
            Json.number(node, "relativeEffect", c.relativeEffect());
            Json.number(node, "ciLow", effect.low());
            Json.number(node, "ciHigh", effect.high());
            node.put("significant", c.significant()).put("deciding", c.deciding());
        }
    }

    private static String type(boolean conversion) {
        return conversion ? "conversion" : "continuous";
    }

    private static String write(ObjectNode root) {
        return Json.writeIndented(root) + "\n";
    }
}
