package dev.mlops.routing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.stats.Agreement;
import java.lang.management.ManagementFactory;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/** The values of {@code src/test/python/generate_routing_reference.py}, and small test helpers. */
final class Fixtures {

    static final JsonNode REFERENCE = Agreement.read("/routing/reference-values.json");

    private Fixtures() {
    }

    /** One named argument per entry of a section. */
    static Stream<Arguments> cases(String section) {
        return Agreement.cases(REFERENCE, section);
    }

    /** Bytes allocated by the current thread so far (HotSpot's thread allocation counter). */
    static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
            .getThreadAllocatedBytes(Thread.currentThread().getId());
    }

    /** Unit ids "user-0000000000", "user-0000000001", ...: 15 characters. */
    static String unit(long i) {
        return String.format("user-%010d", i);
    }
}
