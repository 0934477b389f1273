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

    @Override
    protected Set<StoreCapability> capabilities() {
        // an in-memory database lives in this JVM only
        return EnumSet.complementOf(EnumSet.of(StoreCapability.SHARED_BETWEEN_PROCESSES));
    }
}
