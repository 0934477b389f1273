package dev.mlops.bench;

import dev.mlops.data.DataTable;
import dev.mlops.data.LabeledData;
import dev.mlops.training.Algorithm;
import dev.mlops.training.Trainer;
import dev.mlops.training.TrainingSpec;
import dev.mlops.training.internal.TribuoTrainers;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.tribuo.transform.TransformTrainer;
import org.tribuo.transform.Transformation;
import org.tribuo.transform.TransformationMap;
import org.tribuo.transform.transformations.MeanStdDevTransformation;

/**
 * Training a logistic regression (standardized, the default) on wide data: 200 rows of 1,000,
 * 10,000 or 50,000 numeric columns, a label that depends on ten of them. One shot is one whole
 * training run: the data check, the split, the schema with its standardization, the Tribuo fit, the
 * evaluation and the drift profile.
 *
 * <ul>
 *   <li>{@code mlops}: {@code Trainer.train} on the table in memory.
 *   <li>{@code mlops-csv}: the same from a CSV file, read first, as {@code mlops train} does.
 *   <li>{@code tribuo-transform}, the baseline: the bare Tribuo fit on the same rows, standardized
 *       the way the trainer did before, with Tribuo's {@code TransformTrainer} and one
 *       {@code MeanStdDevTransformation} per feature, which Tribuo matches against every feature name
 *       as a regular expression. It grows with the square of the columns: run it at 1,000 and 10,000
 *       columns only ({@code -p columns=1000,10000}).
 * </ul>
 *
 * <p>Run from the repository root:
 * <pre>
 * ./mvnw -q package -DskipTests -pl mlops-bench -am
 * java -jar mlops-bench/target/benchmarks.jar WideTrainingBenchmark -p impl=mlops,mlops-csv
 * java -jar mlops-bench/target/benchmarks.jar WideTrainingBenchmark -p impl=tribuo-transform -p columns=1000,10000
 * </pre>
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = "-Xmx12g")
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class WideTrainingBenchmark {

    private static final int ROWS = 200;
    private static final int INFORMATIVE = 10;

    /** Numeric columns besides the label. */
    @Param({"1000", "10000", "50000"})
    public int columns;

    /** The trainer, from memory or from a CSV file, or the baseline. */
    @Param({"mlops", "mlops-csv", "tribuo-transform"})
    public String impl;

    private LabeledData data;
    private Path csv;
    private Trainer trainer;
    private MutableDataset<Label> rawDataset;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        SplittableRandom random = new SplittableRandom(columns);
        double[][] values = new double[columns][ROWS];
        double[] score = new double[ROWS];
        for (int c = 0; c < columns; c++) {
            for (int r = 0; r < ROWS; r++) {
                values[c][r] = random.nextGaussian() * (1 + c % 7) + c % 13;
                if (c < INFORMATIVE) {
                    score[r] += (values[c][r] - c % 13) / (1 + c % 7);
                }
            }
        }
        DataTable.Builder table = DataTable.builder();
        for (int c = 0; c < columns; c++) {
            table.numeric("x" + c, values[c]);
        }
        String[] labels = new String[ROWS];
        for (int r = 0; r < ROWS; r++) {
            labels[r] = score[r] + random.nextGaussian() > 0 ? "yes" : "no";
        }
        table.categorical("y", labels);
        data = LabeledData.of(table.build(), "y", "wide");
        trainer = Trainer.create();
        if (impl.equals("mlops-csv")) {
            csv = Files.createTempFile("wide", ".csv");
            try (BufferedWriter out = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
                for (int c = 0; c < columns; c++) {
                    out.write("x" + c + ",");
                }
                out.write("y\n");
                for (int r = 0; r < ROWS; r++) {
                    for (int c = 0; c < columns; c++) {
                        out.write(Double.toString(values[c][r]));
                        out.write(',');
                    }
                    out.write(labels[r]);
                    out.write('\n');
                }
            }
        }
        if (impl.equals("tribuo-transform")) {
            LabelFactory factory = new LabelFactory();
            rawDataset = new MutableDataset<>(new SimpleDataSourceProvenance("wide", factory), factory);
            String[] names = new String[columns];
            for (int c = 0; c < columns; c++) {
                names[c] = "x" + c;
            }
            Arrays.sort(names);
            Map<String, Integer> index = new HashMap<>();
            for (int c = 0; c < columns; c++) {
                index.put("x" + c, c);
            }
            for (int r = 0; r < ROWS; r++) {
                double[] row = new double[columns];
                for (int i = 0; i < columns; i++) {
                    row[i] = values[index.get(names[i])][r];
                }
                rawDataset.add(new ArrayExample<>(new Label(labels[r]), names, row));
            }
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        trainer.close();
        if (csv != null) {
            Files.deleteIfExists(csv);
        }
    }

    /** One training run. */
    @Benchmark
    public Object train() {
        return switch (impl) {
            case "mlops" -> trainer.train(data, TrainingSpec.builder(Algorithm.LOGISTIC).folds(0).build());
            case "mlops-csv" -> trainer.train(LabeledData.fromCsv(csv, "y"),
                    TrainingSpec.builder(Algorithm.LOGISTIC).folds(0).build());
            default -> transformTrainer();
        };
    }

    /** The baseline: the trainer's former standardization, through Tribuo's TransformTrainer. */
    private Model<Label> transformTrainer() {
        Map<String, List<Transformation>> perFeature = new HashMap<>();
        for (int c = 0; c < columns; c++) {
            perFeature.put("x" + c, new ArrayList<>(List.of(new MeanStdDevTransformation())));
        }
        org.tribuo.Trainer<Label> inner = TribuoTrainers.create(Algorithm.LOGISTIC, Algorithm.LOGISTIC.resolve(Map.of()), 1L);
        return new TransformTrainer<>(inner, new TransformationMap(List.of(), perFeature)).train(rawDataset);
    }
}
