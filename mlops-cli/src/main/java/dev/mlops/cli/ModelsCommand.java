package dev.mlops.cli;

import picocli.CommandLine.Command;

/** {@code mlops models}: the model registry. */
@Command(name = "models",
        description = "Register, find, promote, alias, verify and download model versions.",
        subcommands = {RegisterCommand.class, ListCommand.class, ShowCommand.class,
                PromoteCommand.class, RollbackCommand.class, AliasCommand.class,
                HistoryCommand.class, JobsCommand.class, VerifyCommand.class, DownloadCommand.class,
                DecisionCommand.Approve.class, DecisionCommand.Reject.class, DeleteCommand.class,
                RetainCommand.class})
final class ModelsCommand extends CommandGroup {
}
