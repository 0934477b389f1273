package dev.mlops.registry.jdbc;

import dev.mlops.MlopsConfigurationException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Settings of a {@link JdbcModelStore}. Immutable; built with {@link #builder()}, or from the string
 * options of a store URI with {@link #fromMap}.
 *
 * <table>
 *   <caption>Options</caption>
 *   <tr><th>key</th><th>meaning</th><th>default</th></tr>
 *   <tr><td>{@code user}, {@code password}</td><td>database credentials (URL connections only)</td>
 *       <td>from the URL</td></tr>
 *   <tr><td>{@code blobs}</td><td>keep artifacts in this directory instead of the database</td>
 *       <td>in the database</td></tr>
 *   <tr><td>{@code poolSize}</td><td>most connections the store's own pool opens</td>
 *       <td>{@value #DEFAULT_POOL_SIZE}</td></tr>
 *   <tr><td>{@code chunkSizeBytes}</td><td>size of the chunks artifacts are stored in</td>
 *       <td>{@value #DEFAULT_CHUNK_SIZE} (1 MiB)</td></tr>
 *   <tr><td>{@code connectionTimeoutSeconds}</td><td>how long to wait for a free pooled
 *       connection</td><td>30</td></tr>
 *   <tr><td>{@code lockTimeoutSeconds}</td><td>how long a write waits for another write of the same
 *       model</td><td>10</td></tr>
 * </table>
 */
public final class JdbcStoreOptions {

    /** Default most connections of the store's own pool. */
    public static final int DEFAULT_POOL_SIZE = 10;
    /** Default artifact chunk size: 1 MiB. */
    public static final int DEFAULT_CHUNK_SIZE = 1024 * 1024;
    /** Smallest chunk size accepted. */
    public static final int MIN_CHUNK_SIZE = 1024;
    /**
     * Largest chunk size accepted: 8 MiB, under MariaDB's default {@code max_allowed_packet}
     * (16 MiB) with room for the statement.
     */
    public static final int MAX_CHUNK_SIZE = 8 * 1024 * 1024;

    private static final JdbcStoreOptions DEFAULTS = builder().build();

    private final String user;
    private final String password;
    private final Path blobDirectory;
    private final int poolSize;
    private final int chunkSizeBytes;
    private final Duration connectionTimeout;
    private final Duration lockTimeout;

    private JdbcStoreOptions(Builder b) {
        this.user = b.user;
        this.password = b.password;
        this.blobDirectory = b.blobDirectory;
        this.poolSize = b.poolSize;
        this.chunkSizeBytes = b.chunkSizeBytes;
        this.connectionTimeout = b.connectionTimeout;
        this.lockTimeout = b.lockTimeout;
    }

    /** The defaults: credentials from the URL, artifacts in the database. */
    public static JdbcStoreOptions defaults() {
        return DEFAULTS;
    }

    /** Starts from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reads the string options of a store URI (keys in the table above).
     *
     * @throws MlopsConfigurationException naming an unknown key or a bad value
     */
    public static JdbcStoreOptions fromMap(Map<String, String> options) {
        Builder b = builder();
        for (Map.Entry<String, String> e : options.entrySet()) {
            String value = e.getValue();
            try {
                switch (e.getKey()) {
                    case "user" -> b.user(value);
                    case "password" -> b.password(value);
                    case "blobs" -> b.blobDirectory(Path.of(value));
                    case "poolSize" -> b.poolSize(Integer.parseInt(value.strip()));
                    case "chunkSizeBytes" -> b.chunkSizeBytes(Integer.parseInt(value.strip()));
                    case "connectionTimeoutSeconds" ->
                            b.connectionTimeout(Duration.ofSeconds(Long.parseLong(value.strip())));
                    case "lockTimeoutSeconds" ->
                            b.lockTimeout(Duration.ofSeconds(Long.parseLong(value.strip())));
                    default -> throw new MlopsConfigurationException("unknown JDBC store option '"
                            + e.getKey() + "'; known options: " + new TreeSet<>(List.of("user",
                            "password", "blobs", "poolSize", "chunkSizeBytes",
                            "connectionTimeoutSeconds", "lockTimeoutSeconds")));
                }
            } catch (IllegalArgumentException bad) {
                String shown = e.getKey().equals("password") ? "***" : value;
                throw new MlopsConfigurationException("bad value '" + shown + "' for JDBC store option '"
                        + e.getKey() + "': " + bad.getMessage(), bad);
            }
        }
        return b.build();
    }

    /** The database user, or empty to use the URL's. */
    public String user() {
        return user;
    }

    /** The database password, or empty to use the URL's. Never shown by {@link #toString()}. */
    public String password() {
        return password;
    }

    /** The directory artifacts are kept in, when not in the database. */
    public Optional<Path> blobDirectory() {
        return Optional.ofNullable(blobDirectory);
    }

    /** Most connections the store's own pool opens (not used with a {@code DataSource}). */
    public int poolSize() {
        return poolSize;
    }

    /** Bytes per stored artifact chunk. */
    public int chunkSizeBytes() {
        return chunkSizeBytes;
    }

    /** How long an operation waits for a free pooled connection. */
    public Duration connectionTimeout() {
        return connectionTimeout;
    }

    /**
     * How long a write waits for the lock of a model that another write holds. Writes hold it for
     * milliseconds, so a long wait means a stuck writer; it ends in a {@code StorageException}.
     */
    public Duration lockTimeout() {
        return lockTimeout;
    }

    @Override
    public String toString() {
        return "JdbcStoreOptions[user=" + user + ", password=" + (password.isEmpty() ? "" : "***")
                + ", blobs=" + (blobDirectory == null ? "(in the database)" : blobDirectory)
                + ", poolSize=" + poolSize + ", chunkSizeBytes=" + chunkSizeBytes
                + ", connectionTimeout=" + connectionTimeout + ", lockTimeout=" + lockTimeout + "]";
    }

    /** Builds {@link JdbcStoreOptions}; setters check their argument and name it when it is bad. */
    public static final class Builder {
        private String user = "";
        private String password = "";
        private Path blobDirectory;
        private int poolSize = DEFAULT_POOL_SIZE;
        private int chunkSizeBytes = DEFAULT_CHUNK_SIZE;
        private Duration connectionTimeout = Duration.ofSeconds(30);
        private Duration lockTimeout = Duration.ofSeconds(10);

        private Builder() {
        }

        /** The database user. */
        public Builder user(String user) {
            this.user = Objects.requireNonNull(user, "user");
            return this;
        }

        /** The database password. */
        public Builder password(String password) {
            this.password = Objects.requireNonNull(password, "password");
            return this;
        }

        /** Keeps artifacts in this directory (created if needed) instead of the database. */
        public Builder blobDirectory(Path directory) {
            this.blobDirectory = Objects.requireNonNull(directory, "directory");
            return this;
        }

        /** Most connections of the store's own pool, at least 2. */
        public Builder poolSize(int size) {
            if (size < 2) {
                throw new IllegalArgumentException("pool size must be at least 2, got " + size);
            }
            this.poolSize = size;
            return this;
        }

        /** Bytes per artifact chunk, {@value #MIN_CHUNK_SIZE} to {@value #MAX_CHUNK_SIZE}. */
        public Builder chunkSizeBytes(int bytes) {
            if (bytes < MIN_CHUNK_SIZE || bytes > MAX_CHUNK_SIZE) {
                throw new IllegalArgumentException("chunk size must be between " + MIN_CHUNK_SIZE
                        + " and " + MAX_CHUNK_SIZE + " bytes, got " + bytes);
            }
            this.chunkSizeBytes = bytes;
            return this;
        }

        /** How long an operation waits for a free pooled connection; positive. */
        public Builder connectionTimeout(Duration timeout) {
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("connection timeout must be positive, got " + timeout);
            }
            this.connectionTimeout = timeout;
            return this;
        }

        /** How long a write waits for another write of the same model; whole seconds, at least 1. */
        public Builder lockTimeout(Duration timeout) {
            if (timeout == null || timeout.toSeconds() < 1) {
                throw new IllegalArgumentException("lock timeout must be at least 1 s, got " + timeout);
            }
            this.lockTimeout = timeout;
            return this;
        }

        /** The options. */
        public JdbcStoreOptions build() {
            return new JdbcStoreOptions(this);
        }
    }
}
