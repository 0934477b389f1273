/**
 * The statistics every module shares, in one place: the normal, Student t and chi-square
 * {@link dev.mlops.stats.Distributions}; the {@link dev.mlops.stats.TwoSampleTests} of a treatment
 * against a control (two-proportion z, Welch t, the always-valid mSPRT); the
 * {@link dev.mlops.stats.ChiSquareTests} of homogeneity and goodness of fit; the exact McNemar
 * test ({@link dev.mlops.stats.PairedTests}); numpy's linear {@link dev.mlops.stats.Quantiles};
 * and the multiple-testing {@link dev.mlops.stats.Correction}s. Results are
 * {@link dev.mlops.stats.TestResult} values.
 *
 * <p>Conventions are scipy's and numpy's, and the tests check agreement with them. The forms that
 * per-window checks call (drift monitors) return primitives or write into a caller's array, so
 * they build no result objects; {@link dev.mlops.stats.TwoSampleTests#twoProportionZ} and
 * {@link dev.mlops.stats.Quantiles#linear} allocate nothing at all.
 */
package dev.mlops.stats;
