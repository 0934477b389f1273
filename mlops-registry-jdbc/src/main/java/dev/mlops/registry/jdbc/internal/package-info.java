/**
 * How the JDBC store works inside: dialects, connections, migrations, SQL and artifact storage. Not
 * API: these types may change in any release.
 */
package dev.mlops.registry.jdbc.internal;
