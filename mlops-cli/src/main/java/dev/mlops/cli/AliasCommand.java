package dev.mlops.cli;

import dev.mlops.registry.AliasMove;
import dev.mlops.registry.ModelRegistry;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code mlops models alias}: points an alias at a version. */
@Command(name = "alias",
        description = "Point an alias (champion, challenger, ...) at a version, wherever it pointed"
                + " before. The move is recorded in the audit log.")
final class AliasCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "NAME", description = "The model.")
    private String name;

    @Parameters(index = "1", paramLabel = "ALIAS",
            description = "Lower-case letter, then letters, digits, '_' or '-'; stage names and"
                    + " 'latest' are reserved.")
    private String alias;

    @Parameters(index = "2", paramLabel = "VERSION", description = "The version to point at.")
    private int version;

    @Mixin
    private StoreOptions store;

    @Mixin
    private OutputOptions output;

    @Override
    public Integer call() {
        if (version <= 0) {
            throw new IllegalArgumentException("VERSION must be a positive integer, got " + version);
        }
        try (ModelRegistry registry = store.open()) {
            AliasMove move = registry.setAlias(name, alias, version);
            output.print(JsonViews.Alias.of(move), () -> name + "@" + alias + " -> version "
                    + move.toVersion() + (move.fromVersion() == move.toVersion() ? " (unchanged)"
                            : move.fromVersion() == 0 ? " (new alias)"
                                    : " (was version " + move.fromVersion() + ")"));
        }
        return ExitCodes.OK;
    }
}
