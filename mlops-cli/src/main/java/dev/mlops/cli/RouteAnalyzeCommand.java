package dev.mlops.cli;

import dev.mlops.routing.Analysis;
import dev.mlops.routing.Analyzer;
import dev.mlops.routing.EventFiles;
import dev.mlops.routing.Experiment;
import dev.mlops.routing.ExperimentFiles;
import java.nio.file.Path;
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

    @Option(names = "--experiment", required = true, paramLabel = "EXP.json",
            description = "The experiment file.")
    private Path experimentFile;

    @Option(names = "--events", required = true, paramLabel = "FILE.csv",
            description = "The outcomes, one row per event.")
    private Path events;

    @Mixin
    private OutputOptions output;

    @Override
    public Integer call() {
        Experiment experiment = ExperimentFiles.read(experimentFile);
        Analysis analysis = new Analyzer().analyze(experiment, EventFiles.read(events, experiment));
        output.print(Json.read(analysis.toJson()), () -> "Experiment " + experiment.id() + ": "
                + analysis.decision().label() + " (" + analysis.decision().reason() + ")");
        return ExitCodes.OK;
    }
}
