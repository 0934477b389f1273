package dev.mlops.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.mlops.monitoring.Baseline;
import dev.mlops.monitoring.MonitorConfig;
import dev.mlops.monitoring.WindowReport;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelVersion;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code mlops performance}: a version's performance records. */
@Command(name = "performance",
        description = "A version's performance records, oldest first, each judged against the version's"
                + " validation-time values as monitor record judges them.")
final class PerformanceCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "REF", description = Text.REF_HELP)
    private String ref;

    @Mixin
    private StoreOptions store;

    @Mixin
    private OutputOptions output;

    @Override
    public Integer call() {
        List<WindowReport> reports;
        try (ModelRegistry registry = store.open()) {
            ModelVersion version = registry.get(ref);
            Baseline baseline = Baseline.of(registry, version);
            reports = registry.performance(version.name(), version.version()).stream()
                    .map(r -> WindowReport.fromRecord(version.name(), version.version(), r, baseline,
                            MonitorConfig.defaults()))
                    .toList();
        }
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        reports.forEach(r -> array.add(r.toJson()));
        output.print(array, () -> reports.isEmpty() ? "no performance records"
                : reports.stream().map(MonitorRecordCommand::text).collect(Collectors.joining("\n")));
        return ExitCodes.OK;
    }
}
