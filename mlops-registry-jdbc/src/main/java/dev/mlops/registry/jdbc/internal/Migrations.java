package dev.mlops.registry.jdbc.internal;

import dev.mlops.MlopsConfigurationException;
import dev.mlops.registry.StorageException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates and upgrades the schema with versioned SQL scripts, {@code <root>/<dialect>/V<n>__<what>.sql},
 * listed in order in {@code <root>/<dialect>/migrations}. Applied versions are recorded in
 * {@code mlops_schema_version}. Opening a store whose schema is current costs one query; otherwise
 * the missing scripts run while this process holds the dialect's schema lock, so that processes
 * opening a fresh database at the same time do not race. On PostgreSQL each script and its record
 * commit together; H2 and MariaDB commit DDL statement by statement, so their scripts are written to
 * be run again after an interruption.
 */
public final class Migrations {

    private static final Logger log = LoggerFactory.getLogger(Migrations.class);
    /** Where the store's own scripts live. */
    public static final String DEFAULT_ROOT = "dev/mlops/registry/jdbc/db";
    private static final Pattern SCRIPT = Pattern.compile("V(\\d+)__([A-Za-z0-9_]+)\\.sql");

    private final String root;
    private final ClassLoader loader;

    /** A script and its version. */
    public record Script(int version, String description, String resource) {
    }

    /**
     * @param root the resource directory holding one directory of scripts per dialect
     * @param loader where to find it
     */
    public Migrations(String root, ClassLoader loader) {
        this.root = root;
        this.loader = loader;
    }

    /** The store's own migrations. */
    public static Migrations standard() {
        return new Migrations(DEFAULT_ROOT, Migrations.class.getClassLoader());
    }

    /** The scripts of a dialect, in version order. */
    public List<Script> scripts(Dialect dialect) {
        String dir = root + "/" + dialect.id() + "/";
        String index = read(dir + "migrations");
        List<Script> scripts = new ArrayList<>();
        for (String line : index.split("\n")) {
            String file = line.strip();
            if (file.isEmpty() || file.startsWith("#")) {
                continue;
            }
            Matcher m = SCRIPT.matcher(file);
            if (!m.matches()) {
                throw new IllegalStateException("migration script name '" + file + "' in " + dir
                        + " is not V<n>__<description>.sql");
            }
            int version = Integer.parseInt(m.group(1));
            int previous = scripts.isEmpty() ? 0 : scripts.get(scripts.size() - 1).version();
            if (version <= previous) {
                throw new IllegalStateException("migration " + file + " in " + dir
                        + " should come after V" + previous + " with a larger number");
            }
            scripts.add(new Script(version, m.group(2).replace('_', ' '), dir + file));
        }
        return scripts;
    }

    /**
     * Brings the schema up to {@code target} (or the newest script when larger).
     *
     * @return the schema version now in place
     * @throws MlopsConfigurationException when the database holds a newer schema than these scripts
     */
    public int migrate(Database db, int target) {
        List<Script> scripts = scripts(db.dialect());
        Set<Integer> applied = db.read("read the schema version", Migrations::appliedOrNull);
        if (applied != null && pending(scripts, applied, target).isEmpty()) {
            requireKnown(db, applied, scripts);
            return newest(applied);
        }
        ConnectionSource connections = db.connections();
        Connection lock = acquire(db);
        boolean broken = true;
        try {
            db.dialect().lockSchema(lock);
            Connection work = acquire(db);
            boolean workBroken = true;
            try {
                int now = applyMissing(db, work, scripts, target);
                workBroken = false;
                return now;
            } finally {
                connections.release(work, workBroken);
            }
        } catch (SQLException e) {
            throw db.failure("create or upgrade the registry schema", e);
        } finally {
            try {
                db.dialect().unlockSchema(lock);
                broken = false;
            } catch (SQLException e) {
                log.debug("Cannot release the schema lock; closing its connection instead", e);
            }
            connections.release(lock, broken);
        }
    }

    private int applyMissing(Database db, Connection c, List<Script> scripts, int wanted)
            throws SQLException {
        c.setAutoCommit(true);
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS mlops_schema_version ("
                    + "version INTEGER NOT NULL PRIMARY KEY, description VARCHAR(200) NOT NULL,"
                    + " script_sha256 VARCHAR(64) NOT NULL, applied_at BIGINT NOT NULL)");
        }
        Set<Integer> found = appliedOrNull(c);
        Set<Integer> applied = found == null ? new TreeSet<>() : found;
        requireKnown(db, applied, scripts);
        for (Script script : pending(scripts, applied, wanted)) {
            String text = read(script.resource());
            c.setAutoCommit(false);
            try {
                try (Statement s = c.createStatement()) {
                    for (String sql : statements(text)) {
                        s.execute(sql);
                    }
                }
                try (PreparedStatement p = c.prepareStatement("INSERT INTO mlops_schema_version"
                        + " (version, description, script_sha256, applied_at) VALUES (?, ?, ?, ?)")) {
                    p.setInt(1, script.version());
                    p.setString(2, script.description());
                    p.setString(3, sha256(text));
                    p.setLong(4, System.currentTimeMillis());
                    p.executeUpdate();
                }
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw new SQLException("migration " + script.resource() + " failed: " + e.getMessage(),
                        e.getSQLState(), e.getErrorCode(), e);
            } finally {
                c.setAutoCommit(true);
            }
            log.info("Applied schema migration V{} ({}) to {}", script.version(), script.description(),
                    db.shownUrl());
            applied.add(script.version());
        }
        return newest(applied);
    }

    /** The scripts up to {@code target} not applied yet, in order: a gap left by a branch is filled later. */
    private static List<Script> pending(List<Script> scripts, Set<Integer> applied, int target) {
        return scripts.stream().filter(s -> s.version() <= target && !applied.contains(s.version())).toList();
    }

    private static int newest(Set<Integer> applied) {
        return applied.stream().mapToInt(Integer::intValue).max().orElse(0);
    }

    private static void requireKnown(Database db, Set<Integer> applied, List<Script> scripts) {
        int current = newest(applied);
        int known = scripts.isEmpty() ? 0 : scripts.get(scripts.size() - 1).version();
        if (current > known) {
            throw new MlopsConfigurationException("the registry at " + db.shownUrl()
                    + " has schema version " + current + ", newer than the " + known
                    + " this mlops-registry-jdbc knows; upgrade mlops-registry-jdbc");
        }
    }

    /** The applied schema versions, or null when the version table does not exist yet. */
    private static Set<Integer> appliedOrNull(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT version FROM mlops_schema_version")) {
            Set<Integer> applied = new TreeSet<>();
            while (rs.next()) {
                applied.add(rs.getInt(1));
            }
            return applied;
        } catch (SQLException e) {
            if (e.getSQLState() != null && e.getSQLState().startsWith("08")) {
                throw e;
            }
            // A missing table is reported differently by every database; any other problem will
            // surface again when the schema is created.
            log.debug("No schema version table yet: {}", e.toString());
            return null;
        }
    }

    /** The statements of a script: whole-line comments removed, split at semicolons ending a line. */
    static List<String> statements(String script) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : script.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.startsWith("--") || trimmed.isEmpty()) {
                continue;
            }
            current.append(line).append('\n');
            if (trimmed.endsWith(";")) {
                out.add(current.substring(0, current.lastIndexOf(";")).strip());
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            out.add(current.toString().strip());
        }
        return out;
    }

    private String read(String resource) {
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the migration resource " + resource
                        + " is missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new StorageException("cannot read the migration resource " + resource, e);
        }
    }

    private static Connection acquire(Database db) {
        try {
            return db.connections().acquire();
        } catch (SQLException e) {
            throw db.failure("connect to create the registry schema", e);
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
