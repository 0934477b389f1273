package dev.mlops.drift;

import dev.mlops.data.CsvTables;
import dev.mlops.data.DataException;
import dev.mlops.data.DataTable;
import dev.mlops.data.FeatureType;
import dev.mlops.drift.internal.Binning;
import dev.mlops.drift.internal.TwoSample;
import dev.mlops.stats.ChiSquareTests;
import dev.mlops.stats.Distributions;
import dev.mlops.stats.TestResult;
import dev.mlops.stats.TwoSampleTests;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeSet;

/**
 * Batch drift check of current data against a fitted {@link ReferenceProfile}: every applicable
 * test per feature, a multiple-testing-corrected verdict per feature (see {@link DriftConfig})
 * and for the dataset. Thread-safe; each check uses its own scratch buffers.
 *
 * <pre>{@code
 * DataTable reference = CsvTables.read(Path.of("train.csv"), Set.of());
 * DataTable current = CsvTables.readLike(Path.of("today.csv"), reference);
 * DriftReport report = DriftDetector.of(ReferenceProfile.fit(reference)).check(current);
 * System.out.println(report.toJson());
 * }</pre>
 *
 * <p>Defined results at the edges: a feature without a non-missing value on one side gets no
 * distribution test (only the missing-rate test, which needs a row on each side), its effect size
 * is empty and it can drift only through its missing rate; a table without rows gets no test at
 * all and never drifts. Constant columns are ordinary samples (KS D is 0 or 1, PSI/JS use the
 * merged edges). Unseen categories get their own bins; vanished ones keep theirs.
 */
public final class DriftDetector {

    private static final int HISTOGRAM_BINS = 20;
    private static final int HISTOGRAM_CATEGORIES = 30;

    private final ReferenceProfile profile;
    private final DriftConfig config;
    private final InstantSource clock;

    private DriftDetector(ReferenceProfile profile, DriftConfig config, InstantSource clock) {
        this.profile = profile;
        this.config = config;
        this.clock = clock;
    }

    /** A detector with {@link DriftConfig#defaults()}. */
    public static DriftDetector of(ReferenceProfile profile) {
        return of(profile, DriftConfig.defaults());
    }

    /** A detector with the given config. */
    public static DriftDetector of(ReferenceProfile profile, DriftConfig config) {
        if (profile == null || config == null) {
            throw new IllegalArgumentException("profile and config are required");
        }
        return new DriftDetector(profile, config, InstantSource.system());
    }

    /** The same detector with another clock for the reports' {@link DriftReport#checkedAt()}. */
    public DriftDetector withClock(InstantSource value) {
        return new DriftDetector(profile, config, Objects.requireNonNull(value, "clock"));
    }

    /**
     * Fits the reference and checks the current table against it, feature by feature over the
     * reference's columns.
     *
     * @throws DataException if a table has no rows, or the current table lacks a reference column
     *                             or has it with another type
     */
    public static DriftReport compare(DataTable reference, DataTable current, DriftConfig config) {
        if (reference.rowCount() == 0) {
            throw new DataException("reference data", 0, null, "no rows: there is nothing to compare with");
        }
        return of(ReferenceProfile.fit(reference), config).check(current);
    }

    /**
     * The whole {@code mlops drift} pipeline on two CSV files: reads the reference (with the
     * given categorical columns), reads the current file with the reference's column types, and
     * checks the selected columns (all reference columns when {@code columns} is empty) except
     * the excluded ones (such as a label column production data does not have). The report names
     * the two files.
     *
     * @param columns the columns to check, or empty for every column of the reference
     * @param exclude columns to leave out
     * @throws DataException if a file cannot be read or is malformed or has no data rows, a
     *                             selected, excluded or categorical column is not in the reference,
     *                             a column is both selected and excluded, nothing is left to check,
     *                             or the current file lacks a checked column or has it with another type
     */
    public static DriftReport compare(Path referenceCsv, Path currentCsv, Set<String> categorical, List<String> columns,
                                      List<String> exclude, DriftConfig config) {
        DataTable reference = CsvTables.read(referenceCsv, categorical);
        if (reference.rowCount() == 0) {
            throw new DataException(referenceCsv.toString(), 0, null, "no data rows, only a header");
        }
        List<String> checked = checkedColumns(reference.columnNames(), columns, exclude, referenceCsv.toString());
        return compare(ReferenceProfile.fit(reference.select(checked)), referenceCsv.toString(), currentCsv,
            List.of(), List.of(), config);
    }

    /**
     * Checks a CSV file against a stored profile (such as the one the trainer stores with a model
     * version): the file is read with the profile's column types, and columns it has beyond the
     * checked features (a label column, say) are ignored.
     *
     * @param referenceName what the profile describes, in the report and in errors, e.g.
     *                      {@code credit:3 training data}
     * @param columns       the features to check, or empty for every feature of the profile
     * @param exclude       features to leave out
     * @throws DataException if the file cannot be read or is malformed or has no data rows, a
     *                             selected or excluded column is not a feature of the profile, a
     *                             column is both selected and excluded, nothing is left to check, or
     *                             the file lacks a checked column or has it with another type
     */
    public static DriftReport compare(ReferenceProfile profile, String referenceName, Path currentCsv,
                                      List<String> columns, List<String> exclude, DriftConfig config) {
        List<String> names = profile.features().stream().map(FeatureProfile::name).toList();
        ReferenceProfile selected = profile.select(checkedColumns(names, columns, exclude, referenceName));
        Map<String, FeatureType> types = new LinkedHashMap<>();
        selected.features().forEach(feature -> types.put(feature.name(), feature.type()));
        DataTable current = CsvTables.read(currentCsv, Set.of(), types);
        if (current.rowCount() == 0) {
            throw new DataException(currentCsv.toString(), 0, null, "no data rows, only a header: there is"
                + " nothing to check for drift");
        }
        for (String column : types.keySet()) {
            if (current.type(column).isEmpty()) {
                throw new DataException(currentCsv.toString(), 1, column, "column missing; the header has "
                    + current.columnNames() + " (leave the column out of the comparison to check the others)");
            }
        }
        return of(selected, config).check(current, referenceName, currentCsv.toString());
    }

    /** The reference columns to check: the selected ones (or all) minus the excluded ones, each checked. */
    private static List<String> checkedColumns(List<String> reference, List<String> columns, List<String> exclude,
                                               String referenceName) {
        for (String column : columns) {
            if (!reference.contains(column)) {
                throw new DataException(referenceName, 1, column, "selected column is not in the header " + reference);
            }
            if (exclude.contains(column)) {
                throw new DataException(referenceName, 1, column, "column is both selected and excluded");
            }
        }
        for (String column : exclude) {
            if (!reference.contains(column)) {
                throw new DataException(referenceName, 1, column, "excluded column is not in the header " + reference);
            }
        }
        List<String> checked = (columns.isEmpty() ? reference : columns).stream()
            .filter(column -> !exclude.contains(column)).toList();
        if (checked.isEmpty()) {
            throw new DataException(referenceName, 1, null, "no column left to check: every column of "
                + reference + " is excluded");
        }
        return checked;
    }

    /**
     * Checks every feature of the profile; the report calls the data sets "reference" and
     * "current".
     *
     * @throws DataException if the current table has no rows (there is nothing to compare, and
     *                             "no drift" would be a verdict without evidence), lacks a profile
     *                             feature or has it with another type
     */
    public DriftReport check(DataTable current) {
        return check(current, "reference", "current");
    }

    /**
     * Checks every feature of the profile, naming the data sets in the report (and the current one
     * in errors).
     *
     * @param referenceName what the profile was fitted on, e.g. {@code train.csv} or
     *                      {@code credit:3 training data}
     * @param currentName   what {@code current} is, e.g. {@code today.csv}
     * @throws DataException if the current table has no rows, lacks a profile feature or has it
     *                             with another type
     */
    public DriftReport check(DataTable current, String referenceName, String currentName) {
        Objects.requireNonNull(referenceName, "referenceName");
        Objects.requireNonNull(currentName, "currentName");
        if (current.rowCount() == 0) {
            throw new DataException(currentName, 0, null, "no rows: there is nothing to compare with"
                + " the reference");
        }
        for (FeatureProfile feature : profile.features()) {
            FeatureType type = current.type(feature.name()).orElseThrow(() -> new DataException(
                currentName, 0, feature.name(), "column missing; current columns are " + current.columnNames()));
            if (type != feature.type()) {
                throw new DataException(currentName, 0, feature.name(),
                    "is " + type.jsonName() + " but " + feature.type().jsonName() + " in the reference");
            }
        }
        DriftScratch scratch = new DriftScratch();
        List<Measured> measured = new ArrayList<>();
        for (FeatureProfile feature : profile.features()) {
            if (feature instanceof NumericProfile numeric) {
                measured.add(measureNumeric(numeric, current.numeric(feature.name()).orElseThrow(), scratch));
            } else {
                measured.add(measureCategorical((CategoricalProfile) feature, current.categorical(feature.name()).orElseThrow().toArray(String[]::new)));
            }
        }
        return decide(measured, config, referenceName, currentName, clock.instant());
    }

    /** Tests and effect sizes of one feature before the family-wide decision. */
    record Measured(FeatureProfile reference, long nCurrent, long missingCurrent, List<TestResult> tests,
                    TestMethod decisive, double effect, Histogram histogram) {

        OptionalDouble decisivePValue() {
            for (TestResult test : tests) {
                if (test.method() == decisive) {
                    return test.pValue();
                }
            }
            return OptionalDouble.empty();
        }

        OptionalDouble missingPValue() {
            for (TestResult test : tests) {
                if (test.method() == TestMethod.MISSING) {
                    return test.pValue();
                }
            }
            return OptionalDouble.empty();
        }

        boolean hasDecisive() {
            return tests.stream().anyMatch(t -> t.method() == decisive);
        }
    }

    private Measured measureNumeric(NumericProfile reference, double[] values, DriftScratch scratch) {
        List<TestResult> tests = new ArrayList<>();
        int n = scratch.sortPresent(values, values.length);
        double[] sorted = scratch.sorted();
        double[] referenceSorted = reference.sortedView();
        int n1 = referenceSorted.length;
        TestMethod decisive = config.method().decisiveTest(FeatureType.NUMERIC);
        double effect = Double.NaN;
        Histogram histogram = Histogram.empty();
        if (n1 > 0 && n > 0) {
            TwoSample.KsOutcome ks = scratch.ksOutcome();
            TwoSample.ks(referenceSorted, n1, sorted, n, ks);
            tests.add(TestResult.of(TestMethod.KS, ks.statistic, ks.pValue));
            long[] counts = scratch.binCounts(reference.binCountsView().length);
            reference.countBins(sorted, n, counts);
            long[] referenceCounts = reference.binCountsView();
            double psi = Binning.psi(referenceCounts, n1, counts, n, referenceCounts.length);
            double js = Binning.jensenShannon(referenceCounts, n1, counts, n, referenceCounts.length);
            double wasserstein = TwoSample.wasserstein(referenceSorted, n1, sorted, n);
            tests.add(TestResult.distance(TestMethod.PSI, psi));
            tests.add(TestResult.distance(TestMethod.JS, js));
            tests.add(TestResult.distance(TestMethod.WASSERSTEIN, wasserstein));
            double sd = reference.standardDeviation();
            effect = switch (decisive) {
                case KS -> ks.statistic;
                case PSI -> psi;
                case JS -> js;
                case WASSERSTEIN -> wasserstein == 0 ? 0.0 : wasserstein / sd;
                default -> throw new IllegalStateException("no numeric test " + decisive);
            };
            histogram = numericHistogram(referenceSorted, n1, sorted, n);
        }
        int missing = values.length - n;
        addMissingTest(tests, reference, values.length, missing);
        return new Measured(reference, values.length, missing, tests, decisive, effect, histogram);
    }

    private Measured measureCategorical(CategoricalProfile reference, String[] values) {
        Map<String, Integer> index = new LinkedHashMap<>();
        reference.frequencies().keySet().forEach(c -> index.put(c, index.size()));
        TreeSet<String> unseen = new TreeSet<>();
        long missing = 0;
        for (String v : values) {
            if (v.isEmpty()) {
                missing++;
            } else if (!index.containsKey(v)) {
                unseen.add(v);
            }
        }
        unseen.forEach(c -> index.put(c, index.size()));
        int k = index.size();
        long[] referenceCounts = new long[k];
        reference.frequencies().forEach((c, count) -> referenceCounts[index.get(c)] = count);
        long[] currentCounts = new long[k];
        for (String v : values) {
            if (!v.isEmpty()) {
                currentCounts[index.get(v)]++;
            }
        }
        long n1 = reference.present();
        long n2 = values.length - missing;
        List<TestResult> tests = new ArrayList<>();
        TestMethod decisive = config.method().decisiveTest(FeatureType.CATEGORICAL);
        double effect = Double.NaN;
        Histogram histogram = Histogram.empty();
        if (n1 > 0 && n2 > 0) {
            double cramersV = addChiSquareTest(tests, referenceCounts, currentCounts, k, n1 + n2);
            double psi = Binning.psi(referenceCounts, n1, currentCounts, n2, k);
            double js = Binning.jensenShannon(referenceCounts, n1, currentCounts, n2, k);
            tests.add(TestResult.distance(TestMethod.PSI, psi));
            tests.add(TestResult.distance(TestMethod.JS, js));
            effect = switch (decisive) {
                case CHI2 -> cramersV;
                case PSI -> psi;
                case JS -> js;
                default -> throw new IllegalStateException("no categorical test " + decisive);
            };
            histogram = categoricalHistogram(index, referenceCounts, n1, currentCounts, n2);
        }
        addMissingTest(tests, reference, values.length, missing);
        return new Measured(reference, values.length, missing, tests, decisive, effect, histogram);
    }

    /**
     * Adds the chi-square test of homogeneity of the two count vectors and returns its effect
     * size, Cramér's V of the 2×k table, √(χ²/N) capped at 1 ({@code total} = N, both rows'
     * counts); shared with the monitor.
     */
    static double addChiSquareTest(List<TestResult> tests, long[] referenceCounts, long[] currentCounts, int columns,
                                   long total) {
        double[] chi2 = new double[3];
        ChiSquareTests.homogeneity(referenceCounts, currentCounts, columns, chi2);
        tests.add(TestResult.of(TestMethod.CHI2, chi2[0], chi2[1]));
        return Math.min(1.0, Math.sqrt(chi2[0] / total));
    }

    /**
     * Adds the missing-rate test (pooled two-proportion z of the reference's missing values
     * against {@code missing} of {@code rows}) when both sides have rows; shared with the monitor.
     */
    static void addMissingTest(List<TestResult> tests, FeatureProfile reference, long rows, long missing) {
        if (reference.count() > 0 && rows > 0) {
            double z = TwoSampleTests.twoProportionZ(reference.missing(), reference.count(), missing, rows);
            tests.add(TestResult.of(TestMethod.MISSING, z, Distributions.normalTwoSided(z)));
        }
    }

    /** Applies the correction over the family and the effect-size rules; shared with the monitor. */
    static DriftReport decide(List<Measured> measured, DriftConfig config, String referenceName, String currentName,
                              Instant checkedAt) {
        List<Double> family = new ArrayList<>();
        for (Measured m : measured) {
            m.decisivePValue().ifPresent(family::add);
            m.missingPValue().ifPresent(family::add);
        }
        double[] adjusted = config.correction().adjust(family.stream().mapToDouble(Double::doubleValue).toArray());
        int next = 0;
        List<FeatureDrift> features = new ArrayList<>();
        int driftedCount = 0;
        for (Measured m : measured) {
            OptionalDouble decisiveAdjusted = OptionalDouble.empty();
            if (m.decisivePValue().isPresent()) {
                decisiveAdjusted = OptionalDouble.of(adjusted[next++]);
            }
            OptionalDouble missingAdjusted = OptionalDouble.empty();
            if (m.missingPValue().isPresent()) {
                missingAdjusted = OptionalDouble.of(adjusted[next++]);
            }
            Severity severity = Severity.NONE;
            boolean drifted = false;
            SeverityScale scale = config.scaleFor(m.decisive());
            if (m.hasDecisive() && (decisiveAdjusted.isEmpty() || decisiveAdjusted.getAsDouble() < config.alpha())) {
                Severity s = scale.severityOf(m.effect());
                if (s != Severity.NONE) {
                    drifted = true;
                    severity = s;
                }
            }
            if (missingAdjusted.isPresent() && missingAdjusted.getAsDouble() < config.alpha()) {
                FeatureProfile reference = m.reference();
                double change = Math.abs((double) m.missingCurrent() / m.nCurrent() - reference.missingRate());
                Severity s = config.scale().severityOf(change);
                if (s != Severity.NONE) {
                    drifted = true;
                    severity = severity.max(s);
                }
            }
            if (drifted) {
                driftedCount++;
            }
            OptionalDouble effect = Double.isFinite(m.effect()) ? OptionalDouble.of(m.effect()) : OptionalDouble.empty();
            FeatureProfile reference = m.reference();
            features.add(new FeatureDrift(reference.name(), reference.type(), reference.count(), m.nCurrent(),
                reference.missing(), m.missingCurrent(), m.tests(), m.decisive(), effect, decisiveAdjusted,
                severity, drifted, m.histogram()));
        }
        double share = features.isEmpty() ? 0.0 : (double) driftedCount / features.size();
        boolean datasetDrifted = driftedCount > 0 && share >= config.minDriftedShare();
        return new DriftReport(features, datasetDrifted, share, config, referenceName, currentName, checkedAt);
    }

    private static Histogram numericHistogram(double[] a, int n1, double[] b, int n2) {
        double low = Math.min(a[0], b[0]);
        double high = Math.max(a[n1 - 1], b[n2 - 1]);
        int bins = low == high ? 1 : HISTOGRAM_BINS;
        double width = (high - low) / bins;
        double[] ra = new double[bins];
        double[] rb = new double[bins];
        for (int i = 0; i < n1; i++) {
            ra[bucket(a[i], low, width, bins)] += 1.0 / n1;
        }
        for (int i = 0; i < n2; i++) {
            rb[bucket(b[i], low, width, bins)] += 1.0 / n2;
        }
        List<String> labels = new ArrayList<>();
        List<Double> reference = new ArrayList<>();
        List<Double> current = new ArrayList<>();
        for (int i = 0; i < bins; i++) {
            labels.add(formatNumber(low + i * width) + " – " + formatNumber(i == bins - 1 ? high : low + (i + 1) * width));
            reference.add(ra[i]);
            current.add(rb[i]);
        }
        return new Histogram(labels, reference, current);
    }

    private static int bucket(double v, double low, double width, int bins) {
        if (bins == 1) {
            return 0;
        }
        return (int) Math.min(bins - 1, Math.max(0, Math.floor((v - low) / width)));
    }

    static String formatNumber(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return String.format(java.util.Locale.ROOT, "%.4g", v);
    }

    private static Histogram categoricalHistogram(Map<String, Integer> index, long[] referenceCounts, long n1,
                                                  long[] currentCounts, long n2) {
        List<String> categories = new ArrayList<>(index.keySet());
        categories.sort(Comparator.comparingLong((String c) -> -referenceCounts[index.get(c)])
            .thenComparingLong(c -> -currentCounts[index.get(c)]).thenComparing(c -> c));
        List<String> labels = new ArrayList<>();
        List<Double> reference = new ArrayList<>();
        List<Double> current = new ArrayList<>();
        double otherReference = 0;
        double otherCurrent = 0;
        for (int i = 0; i < categories.size(); i++) {
            int at = index.get(categories.get(i));
            double r = (double) referenceCounts[at] / n1;
            double c = (double) currentCounts[at] / n2;
            if (i < HISTOGRAM_CATEGORIES) {
                labels.add(categories.get(i));
                reference.add(r);
                current.add(c);
            } else {
                otherReference += r;
                otherCurrent += c;
            }
        }
        if (categories.size() > HISTOGRAM_CATEGORIES) {
            labels.add("(other)");
            reference.add(otherReference);
            current.add(otherCurrent);
        }
        return new Histogram(labels, reference, current);
    }
}
