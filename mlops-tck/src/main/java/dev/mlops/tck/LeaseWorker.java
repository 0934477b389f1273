package dev.mlops.tck;

import dev.mlops.core.ModelStores;
import dev.mlops.spi.Lease;
import dev.mlops.spi.LeaseStore;
import dev.mlops.spi.ModelStore;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A process that asks for a lease, for the kit's multi-process tests: {@code URI NAME HOLDER
 * TTL_MILLIS HOLD_MILLIS [KEY=VALUE]...} (store options). Prints {@code ACQUIRED <token>} or
 * {@code BUSY}; holds an acquired lease for {@code HOLD_MILLIS}, then releases it and prints
 * {@code RELEASED}.
 */
public final class LeaseWorker {

    private LeaseWorker() {
    }

    /** Runs the worker; see the class comment for the arguments. */
    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 5; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            options.put(args[i].substring(0, eq), args[i].substring(eq + 1));
        }
        try (ModelStore store = ModelStores.open(args[0], options)) {
            LeaseStore leases = (LeaseStore) store;
            Optional<Lease> lease = leases.acquire(args[1], args[2], Duration.ofMillis(Long.parseLong(args[3])));
            System.out.println(lease.map(l -> "ACQUIRED " + l.token()).orElse("BUSY"));
            System.out.flush();
            if (lease.isPresent()) {
                Thread.sleep(Long.parseLong(args[4]));
                leases.release(lease.get());
                System.out.println("RELEASED");
            }
        }
    }
}
