/**
 * The JDBC model store: a registry in H2 (embedded, the zero-install option), PostgreSQL, MariaDB or
 * MySQL, shared by every process and machine that connects to the database.
 *
 * <pre>{@code
 * // by URI, through ModelRegistries (the store provider is found with ServiceLoader)
 * ModelRegistry registry = ModelRegistries.builder("jdbc:postgresql://db/models")
 *         .option("user", "mlops").option("password", secret).open();
 *
 * // over your own pooled DataSource
 * ModelStore store = JdbcModelStore.create(hikariDataSource, JdbcStoreOptions.defaults());
 * ModelRegistry registry = ModelRegistries.builder(store).open();
 * }</pre>
 *
 * <p>Bring the driver: {@code com.h2database:h2}, {@code org.postgresql:postgresql} or
 * {@code org.mariadb.jdbc:mariadb-java-client}; a missing one is a configuration error naming it.
 *
 * <h2>Tables</h2>
 *
 * All tables are prefixed {@code mlops_}. {@code mlops_models} has one row per model, the lock every
 * write takes and the head of the model's audit log; {@code mlops_versions} one row per version
 * with its metadata (metrics, parameters and tags as JSON text, verbatim);
 * {@code mlops_version_tags} and {@code mlops_version_metrics} index tags and metrics for search;
 * {@code mlops_aliases}, {@code mlops_audit}, {@code mlops_evidence} and {@code mlops_performance}
 * hold what their names say; {@code mlops_artifacts} and {@code mlops_artifact_chunks} hold the
 * artifact bytes. {@code mlops_schema_version} records the migration scripts applied
 * ({@code dev/mlops/registry/jdbc/db/<dialect>/V<n>__*.sql}).
 *
 * <h2>Seeing other instances' changes</h2>
 *
 * Registries notice changes made by other processes by polling {@link
 * dev.mlops.spi.ModelStore#auditHeads()}, one query over {@code mlops_models}, every
 * {@code refreshInterval} (one second by default; {@code ModelRegistries.Builder.refreshInterval}).
 * A promotion or alias move by one instance therefore reaches the caches of the others within that
 * interval plus one query.
 */
package dev.mlops.registry.jdbc;
