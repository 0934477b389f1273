package dev.mlops.cli;

import java.io.PrintStream;
import java.util.Locale;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.helpers.NOPMDCAdapter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The command's SLF4J binding: the library's warnings and errors reach stderr looking like the
 * command's own messages ({@code mlops: warning: ...}); debug output appears only with
 * {@code --debug}. Found by SLF4J through {@code META-INF/services}.
 */
public final class StderrLogging implements SLF4JServiceProvider {

    private static volatile Level threshold = Level.WARN;

    private final ILoggerFactory loggers = StderrLogger::new;
    private final IMarkerFactory markers = new BasicMarkerFactory();
    private final MDCAdapter mdc = new NOPMDCAdapter();

    /** Shows debug output from now on, or only warnings and errors. */
    static void debug(boolean enabled) {
        threshold = enabled ? Level.DEBUG : Level.WARN;
    }

    @Override
    public ILoggerFactory getLoggerFactory() {
        return loggers;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markers;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdc;
    }

    @Override
    public String getRequestedApiVersion() {
        return "2.0.99";
    }

    @Override
    public void initialize() {
        // nothing to set up: the threshold is read on every call
    }

    /** Writes one line per event to stderr; the threshold is read on every call. */
    private static final class StderrLogger extends LegacyAbstractLogger {

        private static final long serialVersionUID = 1L;

        StderrLogger(String name) {
            this.name = name;
        }

        private static boolean enabled(Level level) {
            return level.toInt() >= threshold.toInt();
        }

        @Override
        public boolean isTraceEnabled() {
            return false;
        }

        @Override
        public boolean isDebugEnabled() {
            return enabled(Level.DEBUG);
        }

        @Override
        public boolean isInfoEnabled() {
            return enabled(Level.INFO);
        }

        @Override
        public boolean isWarnEnabled() {
            return enabled(Level.WARN);
        }

        @Override
        public boolean isErrorEnabled() {
            return enabled(Level.ERROR);
        }

        @Override
        protected String getFullyQualifiedCallerName() {
            return null;
        }

        @Override
        protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern,
                Object[] arguments, Throwable failure) {
            if (!enabled(level)) {
                return;
            }
            String message = MessageFormatter.basicArrayFormat(pattern, arguments);
            boolean debugging = threshold == Level.DEBUG;
            PrintStream err = System.err;
            String label = level == Level.WARN ? "warning" : level.name().toLowerCase(Locale.ROOT);
            err.println("mlops: " + label + ": "
                    + (debugging ? "[" + name.substring(name.lastIndexOf('.') + 1) + "] " : "")
                    + message + (failure != null && !debugging ? " (" + failure + ")" : ""));
            if (failure != null && debugging) {
                failure.printStackTrace(err);
            }
        }
    }
}
