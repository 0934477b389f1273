package dev.mlops.online;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Delivers events and metrics to listeners, logs decisions and keeps a bounded history. */
final class Events {

    private static final Logger log = LoggerFactory.getLogger(OnlineLearner.class);

    private final List<OnlineListener> listeners = new CopyOnWriteArrayList<>();
    private final ArrayDeque<OnlineEvent> history = new ArrayDeque<>();
    private final int historySize;
    private final AtomicLong listenerFailures = new AtomicLong();

    Events(int historySize) {
        this.historySize = historySize;
    }

    void add(OnlineListener listener) {
        listeners.add(listener);
    }

    void remove(OnlineListener listener) {
        listeners.remove(listener);
    }

    void emit(OnlineEvent event) {
        switch (event.type()) {
            case FAILED -> log.warn("online learner: {}", event);
            case DRIFT_DETECTED, RETRAIN_STARTED, RETRAIN_SKIPPED, KEPT -> log.debug("online learner: {}", event);
            default -> log.info("online learner: {}", event);
        }
        synchronized (history) {
            if (history.size() == historySize) {
                history.removeFirst();
            }
            history.addLast(event);
        }
        for (OnlineListener listener : listeners) {
            try {
                listener.onEvent(event);
            } catch (RuntimeException e) {
                listenerFailures.incrementAndGet();
                log.warn("an online listener failed on {}: {}", event.type(), e.toString());
                log.debug("the listener's failure", e);
            }
        }
    }

    void metrics(LearnerMetrics metrics) {
        for (OnlineListener listener : listeners) {
            try {
                listener.onMetrics(metrics);
            } catch (RuntimeException e) {
                listenerFailures.incrementAndGet();
                log.warn("an online listener failed on metrics: {}", e.toString());
                log.debug("the listener's failure", e);
            }
        }
    }

    List<OnlineEvent> history() {
        synchronized (history) {
            return List.copyOf(new ArrayList<>(history));
        }
    }

    long listenerFailures() {
        return listenerFailures.get();
    }
}
