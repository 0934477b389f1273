package dev.mlops.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.routing.Analysis;
import dev.mlops.routing.Analyzer;
import dev.mlops.routing.EventFiles;
import dev.mlops.routing.Experiment;
import dev.mlops.routing.ExperimentFiles;
import dev.mlops.routing.StoredExperiments;
import dev.mlops.spi.ModelStore;
import dev.mlops.stats.Effect;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code mlops route analyze}: per-variant results and a decision. */
@Command(name = "analyze",
        description = {"Analyze an experiment's outcomes: per-variant counts and means, the"
                + " sample-ratio-mismatch check (p < 0.001 blocks any verdict), tests against the"
                + " control (always-valid mSPRT by default, Holm-corrected for more than two arms)"
                + " and a decision: continue, winner:NAME or rollback.",
                "Events CSV: columns unit,variant,converted (0/1) or unit,variant,metric,value."})
final class RouteAnalyzeCommand implements Callable<Integer> {

    @Option(names = "--experiment", required = true, paramLabel = "EXP.json|ID",
            description = "The experiment file, or the id of an experiment in --store.")
    private String experiment;

    @Option(names = "--events", paramLabel = "FILE.csv",
            description = "The outcomes, one row per event. Required with an experiment file; with a stored"
                    + " experiment, without it every instance's recorded counts are merged (route record).")
    private Path events;

    @Mixin
    private StoreOptions store;

    @Mixin
    private OutputOptions output;

    @Override
    public Integer call() throws Exception {
        if (ExperimentArgument.isFile(experiment)) {
            if (events == null) {
                throw new IllegalArgumentException("--events FILE.csv is required with the experiment file "
                        + experiment);
            }
            Experiment e = ExperimentFiles.read(Path.of(experiment));
            Analysis analysis = new Analyzer().analyze(e, EventFiles.read(events, e));
            output.print(Json.read(analysis.toJson()), () -> text(analysis));
            return ExitCodes.OK;
        }
        try (ModelStore opened = store.openStore()) {
            StoredExperiments experiments = StoredExperiments.of(opened, InstantSource.system());
            Experiment e = experiments.get(experiment).experiment();
            if (events != null) {
                Analysis analysis = new Analyzer().analyze(e, EventFiles.read(events, e));
                output.print(Json.read(analysis.toJson()), () -> text(analysis));
                return ExitCodes.OK;
            }
            StoredExperiments.Merged merged = experiments.counts(experiment);
            if (merged.buckets() == 0) {
                throw new IllegalArgumentException("experiment '" + experiment + "' has no recorded counts yet"
                        + " (mlops route record, or routers flushing their counts)");
            }
            Analysis analysis = new Analyzer().analyze(e, merged.counts().observations(e));
            ObjectNode json = (ObjectNode) Json.read(analysis.toJson());
            merged.instances().forEach(json.putArray("instances")::add);
            output.print(json, () -> text(analysis) + "\nInstances: " + String.join(", ", merged.instances()) + " ("
                    + merged.buckets() + " windows merged)");
            return ExitCodes.OK;
        }
    }

    /**
     * The analysis for people: what was compared, one row per variant (units, conversions and rate
     * or mean and standard deviation, the difference to the control with its interval, the deciding
     * test's p-value), the sample-ratio check and the decision.
     */
    static String text(Analysis analysis) {
        boolean conversion = analysis.conversion();
        String interval = plain(100 * (1 - analysis.alpha())) + "% INTERVAL";
        List<String> header = conversion
                ? List.of("VARIANT", "UNITS", "SHARE", "CONVERSIONS", "RATE", "DIFFERENCE", interval, "P-VALUE")
                : List.of("VARIANT", "UNITS", "SHARE", "MEAN", "STD DEV", "DIFFERENCE", interval, "P-VALUE");
        List<List<String>> rows = new ArrayList<>();
        for (Analysis.VariantResult v : analysis.variants()) {
            List<String> row = new ArrayList<>(List.of(v.name(), Long.toString(v.units()),
                    percent(v.observedShare()) + " of " + percent(v.expectedShare())));
            if (conversion) {
                row.add(Long.toString(v.sample().successes()));
                row.add(percent(v.sample().mean()));
            } else {
                row.add(number(v.sample().mean()));
                row.add(number(v.sample().standardDeviation()));
            }
            if (v.name().equals(analysis.control())) {
                row.addAll(List.of("control", "-", "-"));
            } else {
                Optional<Analysis.Comparison> test = comparison(analysis, v.name());
                Optional<Effect> effect = test.flatMap(c -> c.result().effect());
                row.add(effect.map(e -> conversion ? points(e.estimate()) : signed(e.estimate())).orElse("-"));
                row.add(effect.map(e -> "[" + (conversion ? points(e.low()) : signed(e.low())) + ", "
                        + (conversion ? points(e.high()) : signed(e.high())) + "]").orElse("-"));
                row.add(test.map(c -> pValue(c.adjustedPValue())).orElse("-"));
            }
            rows.add(row);
        }
        StringBuilder out = new StringBuilder("Experiment ").append(analysis.experiment()).append(": metric ")
                .append(analysis.metric()).append(conversion ? " (conversion)" : " (mean)").append(", control ")
                .append(analysis.control()).append(", deciding test ").append(analysis.decidingTest().jsonName())
                .append(" at alpha ").append(plain(analysis.alpha())).append('\n');
        out.append(Text.table(header, rows)).append('\n');
        out.append(analysis.sampleRatio().map(srm -> "Sample-ratio check: chi-square " + number(srm.statistic()) + " ("
                + srm.degreesOfFreedom() + " df), p = " + pValue(srm.pValue()) + (srm.mismatch()
                        ? ": MISMATCH, the assignment is broken and no verdict is given"
                        : ": the variants got the shares they should"))
                .orElse("Sample-ratio check: none (a bandit moves the shares on purpose)")).append('\n');
        analysis.guardrails().stream().filter(Analysis.GuardrailCheck::breached).forEach(g -> out.append("Guardrail ")
                .append(g.check()).append(" of ").append(g.variant()).append(" breached: ").append(number(g.value()))
                .append(" > ").append(number(g.limit())).append('\n'));
        out.append("Decision: ").append(analysis.decision().label()).append(" (").append(analysis.decision().reason())
                .append(')');
        return out.toString();
    }

    /** The deciding test of a treatment against the control, else its first. */
    private static Optional<Analysis.Comparison> comparison(Analysis analysis, String variant) {
        List<Analysis.Comparison> tests = analysis.tests().stream().filter(c -> c.variant().equals(variant)).toList();
        return tests.stream().filter(Analysis.Comparison::deciding).findFirst().or(() -> tests.stream().findFirst());
    }

    private static String percent(double share) {
        return String.format(Locale.ROOT, "%.1f%%", 100 * share);
    }

    /** A difference of two rates in percentage points. */
    private static String points(double difference) {
        return String.format(Locale.ROOT, "%+.2f pp", 100 * difference);
    }

    private static String signed(double value) {
        return String.format(Locale.ROOT, "%+.4g", value);
    }

    private static String number(double value) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.4g", value);
    }

    /** A configured number as written: 0.05, 95. */
    private static String plain(double value) {
        return BigDecimal.valueOf(value).round(MathContext.DECIMAL64).stripTrailingZeros().toPlainString();
    }

    private static String pValue(double p) {
        return Double.isNaN(p) ? "-" : p < 0.0001 ? "< 0.0001" : String.format(Locale.ROOT, "%.4f", p);
    }
}
