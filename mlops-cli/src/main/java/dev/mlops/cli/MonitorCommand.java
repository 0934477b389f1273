package dev.mlops.cli;

import picocli.CommandLine.Command;

/** {@code mlops monitor}: production monitoring of registered versions. */
@Command(name = "monitor",
        description = "Watch registered versions in production: input drift, live metrics, degradation.",
        subcommands = {MonitorRecordCommand.class})
final class MonitorCommand extends CommandGroup {
}
