package dev.mlops.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.data.LabeledData;
import dev.mlops.data.TestData;
import dev.mlops.model.Metric;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class TrainingJobTest {

    /** A job of many fits, long enough to be caught running. */
    private static TrainingSpec longSpec() {
        return TrainingSpec.builder(Algorithm.RANDOM_FOREST).param("trees", "15").folds(5)
                .search(Search.grid(Map.of("maxDepth", List.of("4", "6", "8", "10", "12")), Metric.AUC)).build();
    }

    @Test
    @DisplayName("a listener sees QUEUED, RUNNING with rising progress and steps, then SUCCEEDED at 100%")
    void lifecycle() {
        List<JobState> states = new CopyOnWriteArrayList<>();
        try (Trainer trainer = Trainer.create()) {
            TrainingJob job = trainer.submit(TestData.breastCancer(), TrainingSpec.builder(Algorithm.LOGISTIC).folds(3).build(),
                    states::add);
            TrainingResult result = job.await();
            assertThat(result.jobId()).isEqualTo(job.id());
            assertThat(trainer.job(job.id())).contains(job);
            JobState end = job.state();
            assertThat(end.status()).isEqualTo(JobStatus.SUCCEEDED);
            assertThat(end.progress()).isEqualTo(100);
            assertThat(end.startedAt()).isPresent();
            assertThat(end.finishedAt()).hasValueSatisfying(f -> assertThat(f).isAfterOrEqualTo(end.startedAt().get()));
            assertThat(end.error()).isEmpty();
        }
        assertThat(states.get(0).status()).isEqualTo(JobStatus.QUEUED);
        assertThat(states).extracting(JobState::status).contains(JobStatus.RUNNING)
                .last().isEqualTo(JobStatus.SUCCEEDED);
        assertThat(states).extracting(JobState::step).contains("cross-validating fold 2 of 3");
        for (int i = 1; i < states.size(); i++) {
            assertThat(states.get(i).progress()).isGreaterThanOrEqualTo(states.get(i - 1).progress());
        }
        assertThat(states).filteredOn(s -> s.status().isTerminal()).as("only the last state is terminal")
                .containsExactly(states.get(states.size() - 1));
        assertThat(JobState.fromJson(states.get(states.size() - 1).toJson())).isEqualTo(states.get(states.size() - 1));
    }

    @Test
    @DisplayName("a trainer's listener hears every job's changes, in order, until it is removed; a failing one stops nothing")
    void trainerListeners() {
        List<JobState> heard = new CopyOnWriteArrayList<>();
        List<JobState> removed = new CopyOnWriteArrayList<>();
        try (Trainer trainer = Trainer.create()) {
            trainer.addListener(state -> {
                throw new IllegalStateException("a failing listener");
            });
            trainer.addListener(heard::add);
            JobListener gone = removed::add;
            trainer.addListener(gone);
            trainer.removeListener(gone);
            TrainingJob first = trainer.submit(TestData.breastCancer(), TrainingSpec.builder(Algorithm.LOGISTIC).build());
            first.await();
            trainer.train(TestData.breastCancer(), TrainingSpec.builder(Algorithm.CART).build());
            assertThat(heard).extracting(JobState::id).containsOnly(first.id(), trainer.jobs().get(1).id());
            assertThat(heard).filteredOn(s -> s.id().equals(first.id())).extracting(JobState::status)
                    .startsWith(JobStatus.QUEUED).contains(JobStatus.RUNNING).endsWith(JobStatus.SUCCEEDED);
            assertThat(heard).filteredOn(s -> s.status().isTerminal()).hasSize(2);
        }
        assertThat(removed).isEmpty();
    }

    @Test
    @DisplayName("cancelling a running job and a queued one ends both as CANCELLED at once")
    void cancel() throws InterruptedException {
        try (Trainer trainer = Trainer.create()) {
            CountDownLatch running = new CountDownLatch(1);
            TrainingJob first = trainer.submit(TestData.creditG(), longSpec(), state -> {
                if (state.status() == JobStatus.RUNNING && state.progress() > 3) {
                    running.countDown();
                }
            });
            TrainingJob second = trainer.submit(TestData.creditG(), longSpec());
            assertThat(running.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(second.state().status()).isEqualTo(JobStatus.QUEUED);

            assertThat(second.cancel()).isTrue();
            assertThat(first.cancel()).isTrue();
            assertThat(first.cancel()).as("only once").isFalse();
            assertThat(first.state().status()).isEqualTo(JobStatus.CANCELLED);
            assertThat(second.state().status()).isEqualTo(JobStatus.CANCELLED);
            assertThat(JobStatus.CANCELLED.isTerminal()).isTrue();
            assertThat(second.state().startedAt()).isEmpty();
            assertThatThrownBy(first::await).isInstanceOf(TrainingException.class).hasMessageContaining("cancelled");
            assertThat(first.result()).isEmpty();
        }
    }

    @Test
    @DisplayName("with two threads two jobs run at once; the trainer lists its jobs oldest first")
    void threads() throws InterruptedException {
        assertThatThrownBy(() -> Trainer.builder().threads(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("threads must be 1 to 64, got 0");
        assertThatThrownBy(() -> Trainer.builder().threads(65)).hasMessage("threads must be 1 to 64, got 65");
        try (Trainer trainer = Trainer.builder().threads(2).build()) {
            CountDownLatch firstRunning = new CountDownLatch(1);
            CountDownLatch secondRunning = new CountDownLatch(1);
            TrainingJob first = trainer.submit(TestData.creditG(), longSpec(), state -> {
                if (state.status() == JobStatus.RUNNING) {
                    firstRunning.countDown();
                }
            });
            TrainingJob second = trainer.submit(TestData.creditG(), longSpec(), state -> {
                if (state.status() == JobStatus.RUNNING) {
                    secondRunning.countDown();
                }
            });
            assertThat(firstRunning.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(secondRunning.await(30, TimeUnit.SECONDS)).as("the second job does not wait for the first")
                    .isTrue();
            assertThat(first.state().status()).isEqualTo(JobStatus.RUNNING);
            assertThat(trainer.jobs()).containsExactly(first, second);
            assertThat(first.await(Duration.ofMillis(10))).as("still running").isEmpty();
            first.cancel();
            second.cancel();
            assertThatThrownBy(() -> first.await(Duration.ofSeconds(1))).isInstanceOf(TrainingException.class)
                    .hasMessageContaining("cancelled");
        }
    }

    @Test
    @DisplayName("a listener hears the current state at once and, once removed, nothing more")
    void removedListener() throws InterruptedException {
        try (Trainer trainer = Trainer.create()) {
            CountDownLatch running = new CountDownLatch(1);
            TrainingJob job = trainer.submit(TestData.creditG(), longSpec(), state -> {
                if (state.status() == JobStatus.RUNNING) {
                    running.countDown();
                }
            });
            assertThat(running.await(30, TimeUnit.SECONDS)).isTrue();
            List<JobState> heard = new CopyOnWriteArrayList<>();
            JobListener listener = heard::add;
            job.addListener(listener);
            assertThat(heard).first().extracting(JobState::status).isEqualTo(JobStatus.RUNNING);
            job.removeListener(listener);
            int before = heard.size();
            job.cancel();
            assertThat(job.state().status()).isEqualTo(JobStatus.CANCELLED);
            assertThat(heard).hasSize(before).extracting(JobState::status).doesNotContain(JobStatus.CANCELLED);
        }
    }

    @Test
    @DisplayName("training on the calling thread reports every state to a listener and keeps the job")
    void synchronousWithListener() {
        List<JobState> states = new CopyOnWriteArrayList<>();
        try (Trainer trainer = Trainer.create()) {
            TrainingSpec spec = TrainingSpec.builder(Algorithm.CART).folds(0).build();
            TrainingResult result = trainer.train(TestData.breastCancer(), spec, states::add);
            assertThat(states).extracting(JobState::status).startsWith(JobStatus.QUEUED, JobStatus.RUNNING)
                    .endsWith(JobStatus.SUCCEEDED);
            assertThat(trainer.jobs()).singleElement().satisfies(job -> {
                assertThat(job.id()).isEqualTo(result.jobId());
                assertThat(job.result()).contains(result);
            });
        }
    }

    @Test
    @DisplayName("a job running past its timeout FAILS with the reason, and synchronous training throws it")
    void timeout() {
        try (Trainer trainer = Trainer.create()) {
            TrainingSpec spec = TrainingSpec.builder(Algorithm.RANDOM_FOREST).param("trees", "15").folds(5)
                    .search(Search.grid(Map.of("maxDepth", List.of("4", "6", "8", "10", "12")), Metric.AUC))
                    .timeout(Duration.ofMillis(200)).build();
            long start = System.nanoTime();
            TrainingJob job = trainer.submit(TestData.creditG(), spec);
            assertThatThrownBy(job::await).isInstanceOf(TrainingException.class).hasMessageContaining("timed out after PT0.2S");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
            assertThat(job.state().status()).isEqualTo(JobStatus.FAILED);
            assertThat(job.state().error()).contains("timed out after PT0.2S");

            assertThatThrownBy(() -> trainer.train(TestData.creditG(), spec))
                    .isInstanceOf(TrainingException.class).hasMessageContaining("timed out");
        }
    }

    @Test
    @DisplayName("a failing job is FAILED with the error, and a closed trainer takes no jobs")
    void failure() {
        Trainer trainer = Trainer.create();
        dev.mlops.data.DataTable oneClass = dev.mlops.data.DataTable.builder().numeric("x", new double[] {1, 2})
                .categorical("y", new String[] {"a", "a"}).build();
        TrainingJob job = trainer.submit(LabeledData.of(oneClass, "y", "one class"), TrainingSpec.builder(Algorithm.CART).build());
        assertThatThrownBy(job::await).isInstanceOf(TrainingException.class).hasMessageContaining("two classes");
        assertThat(job.state().status()).isEqualTo(JobStatus.FAILED);
        assertThat(job.state().error()).hasValueSatisfying(e -> assertThat(e).contains("two classes"));
        trainer.close();
        assertThatThrownBy(() -> trainer.submit(TestData.breastCancer(), TrainingSpec.builder(Algorithm.CART).build()))
                .isInstanceOf(IllegalStateException.class);
    }
}
