package dev.mlops.core.internal;

import dev.mlops.registry.AuditEvent;
import dev.mlops.registry.ModelVersion;
import dev.mlops.spi.AuditAnchor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Checks one model's audit log: the hash chain; the log against the head the store anchored apart
 * from it; and what the store serves against what the log recorded: every version's artifact
 * digest, stage and {@link ModelVersion#stateDigest() state}, and the aliases.
 */
final class AuditChains {

    private AuditChains() {
    }

    /**
     * One line per problem found; empty when the log is intact and vouches for what is served.
     *
     * @param log the model's whole log, oldest first
     * @param versions the versions the store serves
     * @param aliases the aliases the store serves
     * @param anchor the head the store anchored, if any
     */
    static List<String> problems(String name, List<AuditEvent> log, List<ModelVersion> versions,
            Map<String, Integer> aliases, Optional<AuditAnchor> anchor) {
        List<String> problems = new ArrayList<>();
        chain(name, log, problems);
        anchor(name, log, anchor, problems);
        served(name, log, versions, aliases, problems);
        return problems;
    }

    private static void chain(String name, List<AuditEvent> log, List<String> problems) {
        String previousHash = AuditEvent.GENESIS;
        long expectedSeq = 1;
        for (AuditEvent e : log) {
            String where = name + " #" + e.seq();
            if (e.seq() != expectedSeq) {
                problems.add(where + ": expected entry #" + expectedSeq + " (entries missing or reordered)");
                expectedSeq = e.seq();
            }
            if (!e.name().equals(name)) {
                problems.add(where + ": entry names model '" + e.name() + "'");
            }
            if (!e.previousHash().equals(previousHash)) {
                problems.add(where + ": previous-hash link broken");
            }
            if (!e.computeHash().equals(e.hash())) {
                problems.add(where + ": contents do not match its hash (entry was edited)");
            }
            previousHash = e.hash();
            expectedSeq++;
        }
    }

    private static void anchor(String name, List<AuditEvent> log, Optional<AuditAnchor> anchor,
            List<String> problems) {
        if (anchor.isEmpty()) {
            if (!log.isEmpty()) {
                problems.add(name + ": the log has no anchored head, so the removal of its newest"
                        + " entries could not be seen (a log written before heads were anchored gets"
                        + " one with its next change)");
            }
            return;
        }
        AuditAnchor head = anchor.get();
        if (log.isEmpty()) {
            problems.add(name + ": the anchored head is #" + head.seq() + " but the log has no entries"
                    + " (the log was removed)");
            return;
        }
        AuditEvent last = log.get(log.size() - 1);
        if (last.seq() < head.seq()) {
            problems.add(name + ": the log ends at #" + last.seq() + " but its anchored head is #"
                    + head.seq() + ": the newest entries were removed");
            return;
        }
        AuditEvent anchored = log.stream().filter(e -> e.seq() == head.seq()).findFirst().orElse(null);
        if (anchored == null || !anchored.hash().equals(head.hash())) {
            problems.add(name + " #" + head.seq() + ": the entry differs from the anchored head (the"
                    + " log was rewritten)");
        }
        if (last.seq() > head.seq()) {
            problems.add(name + ": entries #" + (head.seq() + 1) + " to #" + last.seq() + " come after"
                    + " the anchored head #" + head.seq() + " (appended behind the registry's back,"
                    + " or a writer stopped between committing and anchoring)");
        }
    }

    /** Compares what the store serves with what replaying the log gives. */
    private static void served(String name, List<AuditEvent> log, List<ModelVersion> versions,
            Map<String, Integer> aliases, List<String> problems) {
        Map<Integer, String> registered = new HashMap<>();
        Map<Integer, String> stages = new HashMap<>();
        Map<Integer, AuditEvent> lastState = new HashMap<>();
        Map<String, Integer> loggedAliases = new TreeMap<>();
        for (AuditEvent e : log) {
            switch (e.action()) {
                case REGISTER -> {
                    registered.put(e.version(), e.detail());
                    stages.put(e.version(), e.to());
                }
                case PROMOTE, ARCHIVE, ROLLBACK -> stages.put(e.version(), e.to());
                case ALIAS -> loggedAliases.put(e.detail(), e.version());
                case UNALIAS -> loggedAliases.remove(e.detail());
                case DELETE -> {
                    registered.remove(e.version());
                    stages.remove(e.version());
                    lastState.remove(e.version());
                }
                default -> {
                }
            }
            if (!e.state().isEmpty()) {
                lastState.put(e.version(), e);
            }
        }
        Map<Integer, ModelVersion> served = new HashMap<>();
        for (ModelVersion v : versions) {
            served.put(v.version(), v);
            String recorded = registered.get(v.version());
            if (recorded == null) {
                problems.add(v.ref() + ": no register entry in the audit log");
                continue;
            }
            if (!recorded.equals("sha256=" + v.sha256())) {
                problems.add(v.ref() + ": artifact digest " + v.sha256()
                        + " differs from the one its register entry recorded");
            }
            String stage = stages.get(v.version());
            if (!v.stage().name().equals(stage)) {
                problems.add(v.ref() + ": served in stage " + v.stage() + ", but the audit log says "
                        + stage);
            }
            AuditEvent state = lastState.get(v.version());
            if (state != null && !state.state().equals(v.stateDigest())) {
                problems.add(v.ref() + ": served state (stage, metadata or artifact) differs from the"
                        + " one entry #" + state.seq() + " recorded");
            }
        }
        for (Integer version : new TreeSet<>(registered.keySet())) {
            if (!served.containsKey(version)) {
                problems.add(name + ":" + version + ": registered in the audit log, but the store no"
                        + " longer has it");
            }
        }
        TreeSet<String> allAliases = new TreeSet<>(loggedAliases.keySet());
        allAliases.addAll(aliases.keySet());
        for (String alias : allAliases) {
            Integer logged = loggedAliases.get(alias);
            Integer actual = aliases.get(alias);
            if (!Objects.equals(logged, actual)) {
                problems.add(name + "@" + alias + ": " + (actual == null ? "not set"
                        : "points to version " + actual) + ", but the audit log says "
                        + (logged == null ? "it is not set" : "version " + logged));
            }
        }
    }
}
