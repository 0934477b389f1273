package dev.mlops.routing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.data.UnitHash;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class UnitHashTest {

    static Stream<Arguments> hashes() {
        return Fixtures.cases("hashes");
    }

    static Stream<Arguments> assignments() {
        return Fixtures.cases("assignments");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hashes")
    @DisplayName("XXH64 of the UTF-8 bytes matches the reference values (checked against the xxhash module)")
    void matchesReference(String name, JsonNode c) {
        assertThat(UnitHash.xxh64(c.get("text").asText(), c.get("seed").asLong()))
            .as("XXH64(%s, %d)", c.get("text").asText(), c.get("seed").asLong())
            .isEqualTo(c.get("hash").asLong());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("assignments")
    @DisplayName("fixed units land in fixed slots and variants, ASCII or not, forever")
    void fixedAssignments(String name, JsonNode c) {
        Experiment.Builder builder = Experiment.builder("fixed", c.get("salt").asText()).phase(c.get("phase").asLong());
        for (int i = 0; i < c.get("names").size(); i++) {
            builder.variant(c.get("names").get(i).asText(), "model:" + (i + 1), c.get("weights").get(i).asDouble());
        }
        Experiment experiment = builder.build();
        String unit = c.get("unit").asText();
        assertThat(UnitHash.slot(unit, experiment.seed())).isEqualTo(c.get("slot").asInt());
        assertThat(Assigner.of(experiment).assign(unit)).isEqualTo(c.get("variant").asText());
    }

    @Test
    @DisplayName("a handful of assignments spelled out, so a change of the mapping shows in review")
    void spelledOut() {
        Experiment experiment = Experiment.builder("checkout", "checkout-2024")
            .variant("control", "checkout:1", 50).variant("treatment", "checkout:2", 50).build();
        assertThat(UnitHash.seed("checkout-2024", 0)).isEqualTo(experiment.seed());
        assertThat(UnitHash.slot("user-42", experiment.seed())).isEqualTo(slotFromFixtures("checkout-2024", 0, "user-42"));
        assertThat(UnitHash.xxh64("", 0)).isEqualTo(0xEF46DB3751D8E999L);
        assertThat(UnitHash.xxh64("abc", 0)).isEqualTo(0x44BC2CF5AD770999L);
        assertThat(UnitHash.slotOf(0L)).isZero();
        assertThat(UnitHash.slotOf(-1L)).isEqualTo(UnitHash.SLOTS - 1);
        assertThat(UnitHash.slotOf(0x8000_0000_0000_0000L)).isEqualTo(UnitHash.SLOTS / 2);
    }

    private static int slotFromFixtures(String salt, long phase, String unit) {
        for (JsonNode c : Fixtures.REFERENCE.get("assignments")) {
            if (c.get("salt").asText().equals(salt) && c.get("phase").asLong() == phase && c.get("unit").asText().equals(unit)) {
                return c.get("slot").asInt();
            }
        }
        throw new AssertionError("no fixture for " + unit);
    }

    @Test
    @DisplayName("hashing chars equals hashing String.getBytes(UTF_8) for any text, unpaired surrogates included")
    void equalsHashOfUtf8Bytes() {
        SplittableRandom random = new SplittableRandom(7);
        char[] alphabet = {'a', 'Z', '0', '-', '\u007F', '\u0080', '\u00E9', '\u07FF', '\u0800', '\u20AC', '\uFFFF',
            '\uD83D', '\uDE00', '\uDBFF', '\uDC00', '\uD800'};
        for (int trial = 0; trial < 20_000; trial++) {
            int length = random.nextInt(0, 90);
            char[] chars = new char[length];
            boolean ascii = random.nextInt(3) == 0;
            for (int i = 0; i < length; i++) {
                chars[i] = ascii ? (char) random.nextInt(0, 0x80) : alphabet[random.nextInt(alphabet.length)];
            }
            String text = new String(chars);
            long seed = random.nextLong();
            assertThat(UnitHash.xxh64(text, seed))
                .as("text %s", text.chars().mapToObj(Integer::toHexString).toList())
                .isEqualTo(ReferenceXxh64.hash(text.getBytes(StandardCharsets.UTF_8), seed));
            assertThat(UnitHash.xxh64(new StringBuilder(text), seed)).isEqualTo(UnitHash.xxh64(text, seed));
        }
    }

    @Test
    @DisplayName("hashing allocates nothing, for ASCII, non-ASCII and supplementary-plane ids alike")
    void allocationFree() {
        String[] ids = {"user-0000000042", "ünïcødé-user-id", "user-😀-1", "x".repeat(100)};
        long sink = 0;
        for (int i = 0; i < 200_000; i++) {
            sink += UnitHash.slot(ids[i & 3], i);
        }
        long before = Fixtures.allocatedBytes();
        for (int i = 0; i < 100_000; i++) {
            sink += UnitHash.slot(ids[i & 3], i);
        }
        long allocated = Fixtures.allocatedBytes() - before;
        assertThat(sink).isNotZero();
        assertThat(allocated).as("bytes allocated by 100,000 hashes").isLessThan(1_000);
    }

    /** XXH64 over a byte array, transcribed from the specification: the oracle for the char path. */
    static final class ReferenceXxh64 {
        private static final long P1 = 0x9E3779B185EBCA87L;
        private static final long P2 = 0xC2B2AE3D27D4EB4FL;
        private static final long P3 = 0x165667B19E3779F9L;
        private static final long P4 = 0x85EBCA77C2B2AE63L;
        private static final long P5 = 0x27D4EB2F165667C5L;

        static long hash(byte[] data, long seed) {
            int n = data.length;
            int i = 0;
            long h;
            if (n >= 32) {
                long[] v = {seed + P1 + P2, seed + P2, seed, seed - P1};
                for (; i <= n - 32; i += 32) {
                    for (int lane = 0; lane < 4; lane++) {
                        v[lane] = round(v[lane], le64(data, i + 8 * lane));
                    }
                }
                h = Long.rotateLeft(v[0], 1) + Long.rotateLeft(v[1], 7) + Long.rotateLeft(v[2], 12) + Long.rotateLeft(v[3], 18);
                for (long lane : v) {
                    h = (h ^ round(0, lane)) * P1 + P4;
                }
            } else {
                h = seed + P5;
            }
            h += n;
            for (; i <= n - 8; i += 8) {
                h ^= round(0, le64(data, i));
                h = Long.rotateLeft(h, 27) * P1 + P4;
            }
            if (i <= n - 4) {
                h ^= (le64(data, i) & 0xFFFFFFFFL) * P1;
                h = Long.rotateLeft(h, 23) * P2 + P3;
                i += 4;
            }
            for (; i < n; i++) {
                h ^= (data[i] & 0xFFL) * P5;
                h = Long.rotateLeft(h, 11) * P1;
            }
            h ^= h >>> 33;
            h *= P2;
            h ^= h >>> 29;
            h *= P3;
            return h ^ h >>> 32;
        }

        private static long round(long acc, long lane) {
            return Long.rotateLeft(acc + lane * P2, 31) * P1;
        }

        private static long le64(byte[] data, int at) {
            long value = 0;
            for (int b = Math.min(7, data.length - at - 1); b >= 0; b--) {
                value = value << 8 | (data[at + b] & 0xFFL);
            }
            return value;
        }
    }
}
