package dev.mlops.online;

/**
 * The reference predictions read the serving snapshot through, alone on its cache lines: the
 * writer changes objects allocated next to it on every example, and without the padding each such
 * write would make every reader's next read of the reference a cache miss. The padding fields sit
 * in superclasses because the JVM lays out a class's fields after its superclass's.
 */
final class Published extends PublishedValue {

    @SuppressWarnings("unused")
    private long q0, q1, q2, q3, q4, q5, q6, q7;
}

/** The padding before the value. */
abstract class PublishedPadding {

    @SuppressWarnings("unused")
    private long p0, p1, p2, p3, p4, p5, p6, p7;
}

/** The value. */
abstract class PublishedValue extends PublishedPadding {

    private volatile Serving value;

    final Serving get() {
        return value;
    }

    final void set(Serving serving) {
        value = serving;
    }
}
