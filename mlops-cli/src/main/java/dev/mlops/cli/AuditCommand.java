package dev.mlops.cli;

import picocli.CommandLine.Command;

/** {@code mlops audit}: the registry's audit log. */
@Command(name = "audit",
        description = "Check the registry's append-only, hash-chained audit log.",
        subcommands = AuditVerifyCommand.class)
final class AuditCommand extends CommandGroup {
}
