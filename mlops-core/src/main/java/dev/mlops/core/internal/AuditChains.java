package dev.mlops.core.internal;

import dev.mlops.registry.AuditAction;
import dev.mlops.registry.AuditEvent;
import dev.mlops.registry.ModelVersion;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Checks one model's audit log: the hash chain, and that it vouches for every version. */
final class AuditChains {

    private AuditChains() {
    }

    /** One line per problem found; empty when the log is intact. */
    static List<String> problems(String name, List<AuditEvent> log, List<ModelVersion> versions) {
        List<String> problems = new ArrayList<>();
        String previousHash = AuditEvent.GENESIS;
        long expectedSeq = 1;
        Map<Integer, String> registered = new HashMap<>();
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
            if (e.action() == AuditAction.REGISTER) {
                registered.put(e.version(), e.detail());
            }
            previousHash = e.hash();
            expectedSeq++;
        }
        for (ModelVersion v : versions) {
            String recorded = registered.get(v.version());
            if (recorded == null) {
                problems.add(v.ref() + ": no register entry in the audit log");
            } else if (!recorded.equals("sha256=" + v.sha256())) {
                problems.add(v.ref() + ": artifact digest " + v.sha256()
                        + " differs from the one its register entry recorded");
            }
        }
        return problems;
    }
}
