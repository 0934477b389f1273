package dev.mlops.online.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.online.BufferPolicy;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("the example buffer keeps what its policy says, in arrival order")
class ExampleBufferTest {

    private static long[] samples(ExampleBuffer buffer, long from) {
        return Arrays.stream(buffer.slotsFrom(from)).mapToLong(buffer::sample).toArray();
    }

    private static void add(ExampleBuffer buffer, long sample, long timeMillis) {
        buffer.add(new double[] {sample}, new String[] {"s" + sample}, (int) (sample % 2), timeMillis, sample);
    }

    @Test
    @DisplayName("sliding by count: the newest, oldest first")
    void sliding() {
        ExampleBuffer buffer = new ExampleBuffer(BufferPolicy.sliding(10), 1, 1);
        for (long s = 1; s <= 25; s++) {
            add(buffer, s, s);
        }
        assertThat(samples(buffer, 0)).containsExactly(16, 17, 18, 19, 20, 21, 22, 23, 24, 25);
        assertThat(samples(buffer, 23)).containsExactly(23, 24, 25);
        int slot = buffer.slotsFrom(25)[0];
        double[] x = new double[1];
        String[] c = new String[1];
        buffer.numeric(slot, x);
        buffer.categorical(slot, c);
        assertThat(x[0]).isEqualTo(25);
        assertThat(c[0]).isEqualTo("s25");
        assertThat(buffer.label(slot)).isEqualTo(1);
    }

    @Test
    @DisplayName("sliding by time: examples older than the maximum age leave, and the count still bounds it")
    void slidingTime() {
        ExampleBuffer buffer = new ExampleBuffer(BufferPolicy.slidingTime(Duration.ofSeconds(10), 20), 1, 1);
        for (long s = 1; s <= 30; s++) {
            add(buffer, s, s * 1_000);
        }
        assertThat(samples(buffer, 0)).containsExactly(20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30);
        buffer.expire(36_000);
        assertThat(samples(buffer, 0)).containsExactly(26, 27, 28, 29, 30);
        for (long s = 31; s <= 60; s++) {
            add(buffer, s, 36_000);
        }
        assertThat(buffer.size()).isEqualTo(20);
    }

    @Test
    @DisplayName("a reservoir is a seeded, roughly uniform sample of everything, returned in arrival order")
    void reservoir() {
        int[] kept = new int[10];
        for (int run = 0; run < 200; run++) {
            ExampleBuffer buffer = new ExampleBuffer(BufferPolicy.reservoir(100, run), 1, 0);
            for (long s = 1; s <= 1_000; s++) {
                buffer.add(new double[] {s}, new String[0], 0, 0, s);
            }
            long[] sample = samples(buffer, 0);
            assertThat(sample).hasSize(100).isSorted();
            for (long s : sample) {
                kept[(int) ((s - 1) / 100)]++;
            }
        }
        // each tenth of the stream holds a tenth of the reservoir: 2,000 of 20,000 kept, give or take
        assertThat(Arrays.stream(kept).boxed().toList()).allSatisfy(k -> assertThat(k).isBetween(1_800, 2_200));
        ExampleBuffer a = new ExampleBuffer(BufferPolicy.reservoir(50, 9), 1, 0);
        ExampleBuffer b = new ExampleBuffer(BufferPolicy.reservoir(50, 9), 1, 0);
        for (long s = 1; s <= 500; s++) {
            a.add(new double[] {s}, new String[0], 0, 0, s);
            b.add(new double[] {s}, new String[0], 0, 0, s);
        }
        assertThat(samples(a, 0)).containsExactly(samples(b, 0));
    }

    @Test
    @DisplayName("restored from its snapshot, a buffer continues exactly, its random state included")
    void roundTrip() {
        ExampleBuffer original = new ExampleBuffer(BufferPolicy.reservoir(30, 4), 1, 1);
        for (long s = 1; s <= 100; s++) {
            add(original, s, s);
        }
        ExampleBuffer copy = ExampleBuffer.restore(original.snapshot(), BufferPolicy.reservoir(30, 4), 1, 1);
        for (long s = 101; s <= 300; s++) {
            add(original, s, s);
            add(copy, s, s);
        }
        assertThat(samples(copy, 0)).containsExactly(samples(original, 0));
    }
}
