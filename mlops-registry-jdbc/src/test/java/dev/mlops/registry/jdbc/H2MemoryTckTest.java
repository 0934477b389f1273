package dev.mlops.registry.jdbc;

import dev.mlops.tck.StoreCapability;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;

@DisplayName("JDBC store on in-memory H2 passes the TCK")
class H2MemoryTckTest extends JdbcTck {

    @Override
    protected String newStoreUri() {
        return TestDatabases.freshH2Memory();
    }

    /** An in-memory database lives in this process only. */
    @Override
    protected Set<StoreCapability> capabilities() {
        return EnumSet.complementOf(EnumSet.of(StoreCapability.PROCESSES));
    }
}
