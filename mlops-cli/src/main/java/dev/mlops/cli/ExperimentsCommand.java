package dev.mlops.cli;

import dev.mlops.fleet.StoredExperiment;
import dev.mlops.routing.ExperimentFiles;
import dev.mlops.routing.StoredExperiments;
import dev.mlops.routing.Variant;
import dev.mlops.spi.ModelStore;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mlops experiments}: experiments kept in the store for a fleet of routers. */
@Command(name = "experiments",
        description = {"Experiments kept in the store: every router that follows one (in any process)"
                + " applies a change within its refresh interval. A change is derived from the stored slot"
                + " table, so exactly the units the new shares require move; each is a new revision with"
                + " its actor and reason, written only if nobody changed the experiment meanwhile (else"
                + " exit 4, nothing written)."},
        subcommands = {ExperimentsCommand.Create.class, ExperimentsCommand.ListAll.class, ExperimentsCommand.Show.class,
                ExperimentsCommand.History.class, ExperimentsCommand.SetWeights.class, ExperimentsCommand.Pause.class,
                ExperimentsCommand.Resume.class, ExperimentsCommand.Stop.class})
final class ExperimentsCommand extends CommandGroup {

    /** An experiment in JSON, as {@code show} prints it. */
    record View(String id, String salt, long phase, String state, List<VariantView> variants, String control,
                long revision, String updatedAt, String updatedBy, String change, String reason) {

        static View of(StoredExperiments.Current c) {
            StoredExperiment s = c.stored();
            double[] shares = c.experiment().shares();
            List<VariantView> variants = new ArrayList<>();
            for (int i = 0; i < shares.length; i++) {
                Variant v = c.experiment().variants().get(i);
                variants.add(new VariantView(v.name(), v.model(), v.weight(), shares[i]));
            }
            return new View(s.id(), c.experiment().salt(), c.experiment().phase(), s.state().jsonName(), variants,
                    c.experiment().control(), s.revision(), s.updatedAt().toString(), s.updatedBy(), s.change(),
                    s.reason());
        }

        String text() {
            StringBuilder out = new StringBuilder("Experiment " + id + " (revision " + revision + ", " + state + "; "
                    + change + " by " + updatedBy + " at " + updatedAt + (reason.isEmpty() ? "" : ": " + reason)
                    + ")\n");
            List<List<String>> rows = new ArrayList<>();
            for (VariantView v : variants) {
                rows.add(List.of(v.name() + (v.name().equals(control) ? " (control)" : ""), v.model(),
                        number(v.weight()),
                        String.format(Locale.ROOT, "%.2f%%", 100 * v.share())));
            }
            return out.append(Text.table(List.of("VARIANT", "MODEL", "WEIGHT", "SHARE"), rows)).toString();
        }
    }

    /** A variant in JSON: its weight and its share of the units. */
    record VariantView(String name, String model, double weight, double share) {
    }

    /** A revision in the change log. */
    record Change(long revision, String time, String actor, String change, String state, String reason) {
    }

    private static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value)
                : Double.toString(value);
    }

    /** The options every subcommand has, and opening the store's experiments. */
    abstract static class Base implements Callable<Integer> {
        @Mixin
        StoreOptions store;

        @Mixin
        OutputOptions output;

        <T> T withExperiments(Function<StoredExperiments, T> work) throws Exception {
            try (ModelStore opened = store.openStore()) {
                return work.apply(StoredExperiments.of(opened, InstantSource.system()));
            }
        }

        Integer print(StoredExperiments.Current current) {
            View view = View.of(current);
            output.print(view, view::text);
            return ExitCodes.OK;
        }
    }

    @Command(name = "create",
            description = "Store a new experiment from an experiment file (exit 4 when its id exists).")
    static final class Create extends Base {
        @Option(names = "--file", required = true, paramLabel = "EXP.json", description = "The experiment file.")
        private Path file;

        @Option(names = "--reason", paramLabel = "R", description = "Why; recorded with the revision.")
        private String reason = "";

        @Override
        public Integer call() throws Exception {
            var experiment = ExperimentFiles.read(file);
            return print(withExperiments(e -> e.create(experiment, store.actor(), reason)));
        }
    }

    @Command(name = "list", description = "Every stored experiment, newest revision.")
    static final class ListAll extends Base {
        @Override
        public Integer call() throws Exception {
            List<View> views = withExperiments(e -> e.list().stream().map(View::of).toList());
            output.print(views, () -> views.isEmpty() ? "No experiments." : Text.table(
                    List.of("ID", "STATE", "REVISION", "VARIANTS", "UPDATED", "BY"),
                    views.stream().map(v -> List.of(v.id(), v.state(), Long.toString(v.revision()),
                            String.join(", ", v.variants().stream().map(VariantView::name).toList()), v.updatedAt(),
                            v.updatedBy())).toList()));
            return ExitCodes.OK;
        }
    }

    @Command(name = "show", description = "One experiment: state, variants, weights and shares, revision.")
    static final class Show extends Base {
        @Parameters(index = "0", paramLabel = "ID", description = "The experiment.")
        private String id;

        @Override
        public Integer call() throws Exception {
            return print(withExperiments(e -> e.get(id)));
        }
    }

    @Command(name = "history",
            description = "Every revision of an experiment, oldest first: who changed what, and why.")
    static final class History extends Base {
        @Parameters(index = "0", paramLabel = "ID", description = "The experiment.")
        private String id;

        @Override
        public Integer call() throws Exception {
            List<Change> changes = withExperiments(e -> {
                e.get(id);
                return e.history(id).stream().map(s -> new Change(s.revision(), s.updatedAt().toString(), s.updatedBy(),
                        s.change(), s.state().jsonName(), s.reason())).toList();
            });
            output.print(changes, () -> Text.table(List.of("REVISION", "TIME", "ACTOR", "CHANGE", "STATE", "REASON"),
                    changes.stream().map(c -> List.of(Long.toString(c.revision()), c.time(), c.actor(), c.change(),
                            c.state(), c.reason())).toList()));
            return ExitCodes.OK;
        }
    }

    @Command(name = "set-weights", description = {"Change weights, add and remove variants. Exactly the total"
            + " variation distance between the old and the new shares moves: adding an arm moves exactly its share.",
            "Weights are non-negative numbers, normalized; at least one must be positive."})
    static final class SetWeights extends Base {
        @Parameters(index = "0", paramLabel = "ID", description = "The experiment.")
        private String id;

        @Parameters(index = "1..*", paramLabel = "NAME=W", description = "New weights; an added variant needs one.")
        private List<String> weights = new ArrayList<>();

        @Option(names = "--add", paramLabel = "NAME=MODEL_REF", description = "Add a variant serving this model.")
        private List<String> add = new ArrayList<>();

        @Option(names = "--remove", paramLabel = "NAME", description = "Remove a variant; its units go to the others.")
        private List<String> remove = new ArrayList<>();

        @Option(names = "--reason", paramLabel = "R", description = "Why; recorded with the revision.")
        private String reason = "";

        @Override
        public Integer call() throws Exception {
            Map<String, Double> parsed = new LinkedHashMap<>();
            for (String w : weights) {
                String[] kv = pair(w, "NAME=W");
                double value;
                try {
                    value = Double.parseDouble(kv[1]);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("weight '" + w + "': '" + kv[1] + "' is not a number", e);
                }
                if (!(value >= 0) || Double.isInfinite(value)) {
                    throw new IllegalArgumentException("weight '" + w + "' must be a finite non-negative number");
                }
                if (parsed.put(kv[0], value) != null) {
                    throw new IllegalArgumentException("weight of '" + kv[0] + "' given twice");
                }
            }
            Map<String, String> added = new LinkedHashMap<>();
            for (String a : add) {
                String[] kv = pair(a, "--add NAME=MODEL_REF");
                added.put(kv[0], kv[1]);
            }
            if (parsed.isEmpty() && added.isEmpty() && remove.isEmpty()) {
                throw new IllegalArgumentException("set-weights needs NAME=W, --add or --remove");
            }
            Set<String> removed = new LinkedHashSet<>(remove);
            return print(withExperiments(e -> e.setWeights(id, parsed, added, removed, store.actor(), reason)));
        }

        private static String[] pair(String text, String form) {
            int eq = text.indexOf('=');
            if (eq <= 0 || eq == text.length() - 1) {
                throw new IllegalArgumentException("'" + text + "' is not " + form);
            }
            return new String[] {text.substring(0, eq), text.substring(eq + 1)};
        }
    }

    /** A change of state: {@code pause}, {@code resume} or {@code stop}. */
    abstract static class StateChange extends Base {
        @Parameters(index = "0", paramLabel = "ID", description = "The experiment.")
        String id;

        @Option(names = "--reason", paramLabel = "R", description = "Why; recorded with the revision.")
        String reason = "";
    }

    @Command(name = "pause", description = "Hold a running experiment: every router serves the control until resumed.")
    static final class Pause extends StateChange {
        @Override
        public Integer call() throws Exception {
            return print(withExperiments(e -> e.pause(id, store.actor(), reason)));
        }
    }

    @Command(name = "resume", description = "Resume a paused experiment: every unit goes back to its variant.")
    static final class Resume extends StateChange {
        @Override
        public Integer call() throws Exception {
            return print(withExperiments(e -> e.resume(id, store.actor(), reason)));
        }
    }

    @Command(name = "stop", description = "End an experiment without a verdict: every router serves the control.")
    static final class Stop extends StateChange {
        @Override
        public Integer call() throws Exception {
            return print(withExperiments(e -> e.stop(id, store.actor(), reason)));
        }
    }
}
