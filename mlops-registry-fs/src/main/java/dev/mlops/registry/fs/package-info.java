/**
 * The filesystem model store, the registry's embedded default: {@link
 * dev.mlops.registry.fs.FileModelStoreProvider} opens {@code file:} URIs as {@link
 * dev.mlops.registry.fs.FileModelStore}s. Only those two types are API; the rest of the package is
 * implementation.
 */
package dev.mlops.registry.fs;
