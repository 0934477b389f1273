package dev.mlops.cli;

import picocli.CommandLine.Command;

/** {@code mlops store}: settings of the store itself. */
@Command(name = "store",
        description = "Settings of the store that every registry on it honours.",
        subcommands = RequireSignaturesCommand.class)
final class StoreCommand extends CommandGroup {
}
