package dev.mlops.routing.internal;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies of requests sent to a shadow model on one background thread through a bounded queue.
 * Handing a copy over never blocks: when the queue is full the copy is dropped and counted, so
 * the shadow can never slow the response down; its failures are counted, never thrown.
 *
 * @param <M> the model type
 */
public final class ShadowTraffic<M> implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ShadowTraffic.class);
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final Supplier<M> model;
    private final BiPredicate<Object, Object> agreement;
    private final ThreadPoolExecutor executor;
    private final LongAdder mirrored = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder compared = new LongAdder();
    private final LongAdder agreed = new LongAdder();
    private final LongAdder failed = new LongAdder();

    /**
     * @param model         loads the shadow model (through the registry's cache)
     * @param agreement     whether a shadow result agrees with the served one
     * @param queueCapacity copies waiting at most; more are dropped
     */
    public ShadowTraffic(Supplier<M> model, BiPredicate<Object, Object> agreement, int queueCapacity) {
        this.model = model;
        this.agreement = agreement;
        ThreadFactory threads = task -> {
            Thread thread = new Thread(task, "mlops-shadow-" + THREADS.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        this.executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(queueCapacity),
            threads, (task, pool) -> dropped.increment());
    }

    /** Queues a copy of a request whose served result was {@code served}; never blocks. */
    public void mirror(Function<? super M, ?> prediction, Object served) {
        mirrored.increment();
        executor.execute(() -> {
            try {
                Object shadow = prediction.apply(model.get());
                compared.increment();
                if (agreement.test(served, shadow)) {
                    agreed.increment();
                }
            } catch (RuntimeException e) {
                failed.increment();
                log.debug("shadow prediction failed", e);
            }
        });
    }

    /** Copies offered so far (dropped ones included). */
    public long mirrored() {
        return mirrored.sum();
    }

    /** Copies dropped because the queue was full. */
    public long dropped() {
        return dropped.sum();
    }

    /** Copies whose shadow result was compared. */
    public long compared() {
        return compared.sum();
    }

    /** Compared copies whose results agreed. */
    public long agreed() {
        return agreed.sum();
    }

    /** Copies whose shadow prediction failed. */
    public long failed() {
        return failed.sum();
    }

    /**
     * Waits until every queued copy was handled, at most {@code timeout}.
     *
     * @return whether the queue drained in time
     */
    public boolean awaitIdle(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (executor.getQueue().size() + executor.getActiveCount() > 0 || mirrored.sum() - dropped.sum() > compared.sum() + failed.sum()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(1);
        }
        return true;
    }

    /** Stops the background thread; queued copies are discarded. */
    @Override
    public void close() {
        executor.shutdownNow();
    }
}
