package dev.mlops.cli;

import picocli.CommandLine.Command;

/** {@code mlops route}: A/B experiments between model versions. */
@Command(name = "route",
        description = "Assign units to the variants of an experiment, record and analyze its outcomes.",
        subcommands = {RouteAssignCommand.class, RouteRecordCommand.class, RouteAnalyzeCommand.class})
final class RouteCommand extends CommandGroup {
}
