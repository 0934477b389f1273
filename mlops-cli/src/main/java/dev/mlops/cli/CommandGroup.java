package dev.mlops.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** A command that only holds subcommands: run alone, it is a usage error naming the choices. */
abstract class CommandGroup implements Runnable {

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "'" + spec.qualifiedName()
                + "' needs a command: " + String.join(", ", spec.subcommands().keySet()));
    }
}
