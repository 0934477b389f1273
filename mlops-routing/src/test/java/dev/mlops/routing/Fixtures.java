package dev.mlops.routing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/** The values of {@code src/test/python/generate_routing_reference.py}, and small test helpers. */
final class Fixtures {

    static final JsonNode REFERENCE = load();

    private Fixtures() {
    }

    private static JsonNode load() {
        try (InputStream in = Fixtures.class.getResourceAsStream("/routing/reference-values.json")) {
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One named argument per entry of a section. */
    static Stream<Arguments> cases(String section) {
        List<Arguments> list = new ArrayList<>();
        int i = 0;
        for (JsonNode node : REFERENCE.get(section)) {
            list.add(Arguments.of(section + "[" + i++ + "]", node));
        }
        return list.stream();
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
