package dev.mlops.cli;

import dev.mlops.cli.demo.DemoCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The {@code mlops} command: the registry for operators and scripts, and the demo. */
@Command(name = "mlops", mixinStandardHelpOptions = true, scope = ScopeType.INHERIT,
        versionProvider = MlopsCommand.Version.class,
        description = "The machine-learning model lifecycle from the command line.",
        subcommands = {ModelsCommand.class, AuditCommand.class, TrainCommand.class,
                PredictCommand.class, ValidateCommand.class, ExplainCommand.class, DriftCommand.class,
                RouteCommand.class, ExperimentsCommand.class, OnlineCommand.class, StoreCommand.class,
                MonitorCommand.class, PerformanceCommand.class, RetrainCommand.class,
                PolicyCommand.class, GcCommand.class,
                DemoCommand.class},
        footer = {"", "Exit codes: 0 success; 1 a check failed; 2 bad usage or input; 3 not found;",
                "4 conflict (concurrent change, illegal transition); 5 storage or integrity error."})
public final class MlopsCommand extends CommandGroup {

    @Option(names = "--debug", scope = ScopeType.INHERIT,
            description = "Print stack traces and debug logging on errors.")
    boolean debug;

    /** The version from the jar's manifest. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = MlopsCommand.class.getPackage().getImplementationVersion();
            return new String[] {"mlops " + (version == null ? "(development build)" : version)};
        }
    }
}
