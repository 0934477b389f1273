package dev.mlops.cli;

import dev.mlops.registry.JobRecord;
import dev.mlops.registry.ModelRegistry;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code mlops models jobs}: the stored records of the jobs that worked on a model. */
@Command(name = "jobs",
        description = "The training jobs of a model as the registry keeps them (also those that"
                + " failed before any version existed), in the order they were submitted.")
final class JobsCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "NAME", description = "The model.")
    private String name;

    @Mixin
    private StoreOptions store;

    @Mixin
    private OutputOptions output;

    @Override
    public Integer call() {
        try (ModelRegistry registry = store.open()) {
            List<JobRecord> jobs = registry.jobs(name);
            output.print(jobs.stream().map(JsonViews.Job::of).toList(), () -> Text.table(
                    List.of("ID", "KIND", "STATUS", "UPDATED"),
                    jobs.stream().map(j -> List.of(j.id(), j.kind(), j.status(),
                            j.updatedAt().toString())).toList()));
        }
        return ExitCodes.OK;
    }
}
