/**
 * The compatibility kit every model store passes ({@link dev.mlops.tck.ModelStoreTck}, one group
 * of tests per file), the artifacts and clock its tests use, and {@link
 * dev.mlops.tck.InMemoryModelStore}, the in-memory reference store ({@code mem:NAME} URIs).
 */
package dev.mlops.tck;
