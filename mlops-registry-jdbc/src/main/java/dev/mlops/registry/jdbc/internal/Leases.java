package dev.mlops.registry.jdbc.internal;

import dev.mlops.spi.Lease;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * Leases in {@code mlops_leases} (schema V4): one row per model, its last grant. A change locks the
 * row ({@code SELECT ... FOR UPDATE}; a first grant inserts it, and of two first grants racing one
 * fails on the primary key and its transaction runs again, finding the row) and judges expiry by the
 * database's clock, which every process and machine sharing the database reads alike.
 */
public final class Leases {

    private Leases() {
    }

    /**
     * Applies a rule to the stored grant, in the database's time, and stores what it returns; run in
     * a transaction.
     *
     * @return what the rule returned
     */
    public static Optional<Lease> update(Connection c, Dialect dialect, String name,
            BiFunction<Optional<Lease>, Instant, Optional<Lease>> rule) throws SQLException {
        Optional<Lease> stored = read(c, name, true);
        Optional<Lease> next = rule.apply(stored, now(c, dialect));
        if (next.isPresent()) {
            String sql = stored.isPresent()
                    ? "UPDATE mlops_leases SET holder = ?, token = ?, expires_at = ? WHERE name = ?"
                    : "INSERT INTO mlops_leases (holder, token, expires_at, name) VALUES (?, ?, ?, ?)";
            try (PreparedStatement s = c.prepareStatement(sql)) {
                s.setString(1, next.get().holder());
                s.setLong(2, next.get().token());
                s.setLong(3, next.get().expiresAt().toEpochMilli());
                s.setString(4, name);
                s.executeUpdate();
            }
        }
        return next;
    }

    /** The stored grant of a model's lease, expired or not, with the database's time. */
    public static Optional<Lease> current(Connection c, Dialect dialect, String name,
            BiFunction<Optional<Lease>, Instant, Optional<Lease>> rule) throws SQLException {
        return rule.apply(read(c, name, false), now(c, dialect));
    }

    private static Optional<Lease> read(Connection c, String name, boolean lock) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT holder, token, expires_at FROM mlops_leases"
                + " WHERE name = ?" + (lock ? " FOR UPDATE" : ""))) {
            s.setString(1, name);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next()
                        ? Optional.of(new Lease(name, rs.getString(1), rs.getLong(2), Instant.ofEpochMilli(rs.getLong(3))))
                        : Optional.empty();
            }
        }
    }

    /** The database's time, to the millisecond. */
    static Instant now(Connection c, Dialect dialect) throws SQLException {
        String sql = switch (dialect) {
            case H2, POSTGRESQL -> "SELECT CAST(FLOOR(EXTRACT(EPOCH FROM CURRENT_TIMESTAMP) * 1000) AS BIGINT)";
            case MARIADB -> "SELECT CAST(FLOOR(UNIX_TIMESTAMP(NOW(3)) * 1000) AS SIGNED)";
        };
        try (PreparedStatement s = c.prepareStatement(sql); ResultSet rs = s.executeQuery()) {
            rs.next();
            return Instant.ofEpochMilli(rs.getLong(1));
        }
    }
}
