package dev.mlops.registry.jdbc;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A data source over {@link DriverManager} (a new physical connection per call) that counts the
 * statements and commits run through it and can make the n-th one fail: by throwing, as a broken
 * network would, or by really killing the connection first (on PostgreSQL with
 * {@code pg_terminate_backend} from a second connection, elsewhere by closing it underneath).
 */
final class FaultyDataSource implements DataSource {

    /** How an armed fault strikes. */
    enum Fault {
        /** The call throws an SQLException with state 08006 (connection failure). */
        THROW,
        /** The connection is killed, then the call goes ahead and fails however the driver fails. */
        KILL
    }

    private static final Set<String> COUNTED = Set.of("execute", "executeQuery", "executeUpdate",
            "executeBatch", "executeLargeUpdate", "executeLargeBatch", "commit");

    private final String url;
    private final AtomicInteger countdown = new AtomicInteger();
    private final AtomicInteger commitsUntilLostAck = new AtomicInteger();
    private final AtomicInteger calls = new AtomicInteger();
    private volatile Fault fault = Fault.THROW;

    FaultyDataSource(String url) {
        this.url = url;
    }

    /** Makes the {@code n}-th counted call from now fail. */
    void failAt(int n, Fault how) {
        fault = how;
        countdown.set(n);
    }

    /**
     * Makes the {@code n}-th commit from now go through and then fail as if the connection broke
     * before the database's acknowledgement arrived.
     */
    void loseAckOfCommit(int n) {
        commitsUntilLostAck.set(n);
    }

    /** No more failures. */
    void disarm() {
        countdown.set(0);
        commitsUntilLostAck.set(0);
    }

    /** Whether the armed failure has struck. */
    boolean struck() {
        return countdown.get() < 0;
    }

    /** Statements and commits run so far. */
    int calls() {
        return calls.get();
    }

    @Override
    public Connection getConnection() throws SQLException {
        Connection real = TestDatabases.connect(url);
        int pid = 0;
        if (url.startsWith("jdbc:postgresql:")) {
            try (Statement s = real.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
                rs.next();
                pid = rs.getInt(1);
            }
        }
        return wrap(Connection.class, real, real, pid);
    }

    @SuppressWarnings("unchecked")
    private <T> T wrap(Class<T> type, T target, Connection real, int pid) {
        InvocationHandler handler = (proxy, method, args) -> {
            if (COUNTED.contains(method.getName())) {
                calls.incrementAndGet();
                if (countdown.get() > 0 && countdown.decrementAndGet() == 0) {
                    countdown.set(-1);
                    strike(real, pid);
                }
            }
            Object result;
            try {
                result = method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
            if (method.getName().equals("commit") && commitsUntilLostAck.get() > 0
                    && commitsUntilLostAck.decrementAndGet() == 0) {
                throw new SQLException("injected connection failure after the commit", "08006");
            }
            if (result instanceof java.sql.PreparedStatement p) {
                return wrap(java.sql.PreparedStatement.class, p, real, pid);
            }
            if (result instanceof Statement s && !(result instanceof java.sql.PreparedStatement)) {
                return wrap(Statement.class, s, real, pid);
            }
            return result;
        };
        return (T) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {type}, handler);
    }

    private void strike(Connection real, int pid) throws SQLException {
        if (fault == Fault.THROW) {
            throw new SQLException("injected connection failure", "08006");
        }
        if (pid != 0) {
            try (Connection admin = DriverManager.getConnection(TestDatabases.POSTGRES);
                    Statement s = admin.createStatement()) {
                s.executeQuery("SELECT pg_terminate_backend(" + pid + ")").close();
            }
        } else {
            real.close();
        }
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLException("not supported");
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
    }

    @Override
    public void setLoginTimeout(int seconds) {
    }

    @Override
    public int getLoginTimeout() {
        return 0;
    }

    @Override
    public Logger getParentLogger() {
        return Logger.getGlobal();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return false;
    }
}
