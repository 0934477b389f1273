package dev.mlops.cli;

import picocli.CommandLine.Command;

/** {@code mlops policy}: the promotion policy stored with a model. */
@Command(name = "policy",
        description = "The promotion policy stored with a model, which every process that opens the"
                + " registry enforces: approvals, validation and required checks for PRODUCTION and"
                + " for rollbacks.",
        subcommands = {PolicySetCommand.class, PolicyShowCommand.class})
final class PolicyCommand extends CommandGroup {
}
