package dev.mlops.registry.jdbc.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/** Store-wide settings, one row each in {@code mlops_settings}. */
public final class Settings {

    /** Set to {@code true} once the store requires signed artifacts. */
    public static final String SIGNATURES_REQUIRED = "signaturesRequired";

    private Settings() {
    }

    /** A setting's value, if it is set. */
    public static Optional<String> get(Connection c, String name) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT setting_value FROM mlops_settings WHERE setting_name = ?")) {
            s.setString(1, name);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    /**
     * Sets a setting, in the caller's transaction. Two transactions setting a new one at once
     * collide on the primary key, which the store treats as transient: the retry finds the row.
     */
    public static void put(Connection c, String name, String value) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "UPDATE mlops_settings SET setting_value = ? WHERE setting_name = ?")) {
            s.setString(1, value);
            s.setString(2, name);
            if (s.executeUpdate() > 0) {
                return;
            }
        }
        try (PreparedStatement s = c.prepareStatement(
                "INSERT INTO mlops_settings (setting_name, setting_value) VALUES (?, ?)")) {
            s.setString(1, name);
            s.setString(2, value);
            s.executeUpdate();
        }
    }
}
