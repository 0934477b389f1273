package dev.mlops.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mlops.spi.Lease;
import dev.mlops.spi.LeaseStore;
import dev.mlops.spi.ModelStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Leases ({@link LeaseStore}): one holder at a time across threads and processes, expiry, fencing tokens. */
interface LeaseTests extends TckGroup {

    /** The store as a lease store; the tests are skipped, saying so, for a store without leases. */
    private LeaseStore leases(ModelStore store) {
        assumeTrue(store instanceof LeaseStore, () -> store.getClass().getSimpleName() + " has no leases");
        return (LeaseStore) store;
    }

    @Test
    @DisplayName("a lease is held by one holder until released or expired; tokens grow with every new holder")
    default void lifecycle() throws Exception {
        try (ModelStore store = fixture().openStore()) {
            LeaseStore leases = leases(store);
            Lease first = leases.acquire("leased", "a", Duration.ofSeconds(30)).orElseThrow();
            assertThat(first.holder()).isEqualTo("a");
            assertThat(first.expiresAt()).isAfter(Instant.now().plusSeconds(20));
            assertThat(leases.acquire("leased", "b", Duration.ofSeconds(30))).as("held by a").isEmpty();
            assertThat(leases.lease("leased")).contains(first);
            Lease again = leases.acquire("leased", "a", Duration.ofSeconds(60)).orElseThrow();
            assertThat(again.token()).as("the holder asking again renews").isEqualTo(first.token());
            Lease renewed = leases.renew(first, Duration.ofSeconds(90)).orElseThrow();
            assertThat(renewed.expiresAt()).isAfter(again.expiresAt());
            assertThat(leases.renew(new Lease("leased", "b", first.token(), first.expiresAt()), Duration.ofSeconds(5)))
                    .as("another holder cannot renew").isEmpty();
            assertThat(leases.release(renewed)).isTrue();
            assertThat(leases.release(renewed)).as("released already").isFalse();
            assertThat(leases.lease("leased")).isEmpty();
            Lease second = leases.acquire("leased", "b", Duration.ofSeconds(30)).orElseThrow();
            assertThat(second.token()).isGreaterThan(first.token());
            assertThat(leases.renew(renewed, Duration.ofSeconds(5))).as("an old grant is fenced off").isEmpty();
            assertThat(leases.acquire("other", "a", Duration.ofSeconds(30))).as("leases are per model").isPresent();
            assertThatThrownBy(() -> leases.acquire("leased", "", Duration.ofSeconds(1)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("holder");
            assertThatThrownBy(() -> leases.acquire("leased", "a", Duration.ZERO))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("duration");
            assertThatThrownBy(() -> leases.acquire("../x", "a", Duration.ofSeconds(1)))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    @DisplayName("an expired lease goes to the next holder with a larger token")
    default void expiry() throws Exception {
        try (ModelStore store = fixture().openStore()) {
            LeaseStore leases = leases(store);
            Lease first = leases.acquire("expiring", "a", Duration.ofMillis(300)).orElseThrow();
            assertThat(leases.acquire("expiring", "b", Duration.ofSeconds(30))).isEmpty();
            Thread.sleep(600);
            assertThat(leases.lease("expiring")).isEmpty();
            assertThat(leases.renew(first, Duration.ofSeconds(30))).as("expired: lost").isEmpty();
            Lease second = leases.acquire("expiring", "b", Duration.ofSeconds(30)).orElseThrow();
            assertThat(second.token()).isGreaterThan(first.token());
            assertThat(leases.release(first)).isFalse();
            assertThat(leases.lease("expiring")).contains(second);
        }
    }

    @Test
    @DisplayName("of many threads asking at once, exactly one gets the lease")
    default void threads() throws Exception {
        try (ModelStore store = fixture().openStore()) {
            LeaseStore leases = leases(store);
            List<Integer> ids = new ArrayList<>();
            for (int i = 0; i < THREADS * 2; i++) {
                ids.add(i);
            }
            List<Optional<Lease>> granted = new ArrayList<>();
            int[] next = {0};
            granted.addAll(TckGroup.concurrently(ids.size(), () -> {
                int id;
                synchronized (next) {
                    id = next[0]++;
                }
                return leases.acquire("contended", "thread-" + id, Duration.ofSeconds(30));
            }));
            assertThat(granted.stream().filter(Optional::isPresent)).hasSize(1);
        }
    }

    @Test
    @DisplayName("of processes asking at once, exactly one gets the lease; a killed holder loses it when it expires")
    default void processes() throws Exception {
        fixture().require(StoreCapability.PERSISTENCE);
        fixture().require(StoreCapability.SHARED_BETWEEN_PROCESSES);
        try (ModelStore store = fixture().openStore()) {
            LeaseStore leases = leases(store);
            List<Process> children = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                children.add(worker("contended", "process-" + i, 30_000, 1_500));
            }
            List<String> answers = new ArrayList<>();
            for (Process child : children) {
                answers.add(firstLine(child));
            }
            for (Process child : children) {
                assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
                assertThat(child.exitValue()).isZero();
            }
            assertThat(answers).filteredOn(a -> a.startsWith("ACQUIRED")).hasSize(1);
            assertThat(answers).filteredOn(a -> a.equals("BUSY")).hasSize(2);
            assertThat(leases.lease("contended")).as("released by its holder").isEmpty();

            Process holder = worker("killed", "doomed", 2_000, 600_000);
            String acquired = firstLine(holder);
            assertThat(acquired).startsWith("ACQUIRED");
            holder.destroyForcibly();
            assertThat(holder.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(leases.acquire("killed", "survivor", Duration.ofSeconds(30)))
                    .as("the dead holder's lease has not expired yet").isEmpty();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            Optional<Lease> taken = Optional.empty();
            while (taken.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(100);
                taken = leases.acquire("killed", "survivor", Duration.ofSeconds(30));
            }
            assertThat(taken).as("taken over once expired").isPresent();
            assertThat(taken.get().token()).isGreaterThan(Long.parseLong(acquired.substring("ACQUIRED ".length())));
        }
    }

    private Process worker(String name, String holder, long ttlMillis, long holdMillis) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m",
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                LeaseWorker.class.getName(), fixture().uri(), name, holder, Long.toString(ttlMillis),
                Long.toString(holdMillis)));
        fixture().options().forEach((k, v) -> command.add(k + "=" + v));
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    private static String firstLine(Process child) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        assertThat(line).as("the worker's answer").isNotNull();
        return line;
    }
}
