package dev.mlops.cli;

import picocli.CommandLine.Command;

/** {@code mlops online}: online learning. */
@Command(name = "online",
        description = "Online learning: models that keep learning from labelled examples as they arrive.",
        subcommands = {OnlineSimulateCommand.class})
final class OnlineCommand extends CommandGroup {
}
