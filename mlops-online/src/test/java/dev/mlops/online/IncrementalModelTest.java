package dev.mlops.online;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mlops.data.DataTable;
import dev.mlops.data.FeatureType;
import dev.mlops.data.LabeledData;
import dev.mlops.data.TestData;
import dev.mlops.data.UnitHash;
import dev.mlops.model.Classifier;
import dev.mlops.model.Predictions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class IncrementalModelTest {

    private static final String[] NONE = new String[0];
    private static final OnlineSchema SEA = OnlineSchema.of("y", List.of("0", "1"), Streams.names("x", 3));

    /** Prequential accuracy of a model over rows, each predicted before it is learned. */
    private static double prequential(IncrementalModel model, List<Streams.Row> rows, int from) {
        double[] p = new double[model.schema().labels().size()];
        int right = 0;
        for (int i = 0; i < rows.size(); i++) {
            int predicted = model.learn(rows.get(i).x(), NONE, rows.get(i).label(), p);
            if (i >= from && predicted == rows.get(i).label()) {
                right++;
            }
        }
        return (double) right / (rows.size() - from);
    }

    @Nested
    @DisplayName("learning")
    class Learning {

        @Test
        @DisplayName("FTRL and AdaGrad learn SEA to within two points of the 90% ceiling")
        void sea() {
            List<Streams.Row> rows = Streams.sea(1, 0.1, 30_000, 8);
            double ftrl = prequential(IncrementalModel.create(SEA, Optimizer.ftrl()), rows, 10_000);
            double adaGrad = prequential(IncrementalModel.create(SEA, Optimizer.adaGrad()), rows, 10_000);
            assertThat(ftrl).isBetween(0.88, 0.91);
            assertThat(adaGrad).isBetween(0.88, 0.91);
        }

        @Test
        @DisplayName("a multinomial model separates three classes, with probabilities that sum to 1")
        void multinomial() {
            OnlineSchema schema = OnlineSchema.of("class", List.of("a", "b", "c"), Streams.names("x", 2));
            IncrementalModel model = IncrementalModel.create(schema, Optimizer.ftrl());
            List<Streams.Row> rows = Streams.blobs(5, 20_000);
            double accuracy = prequential(model, rows, 10_000);
            // the Bayes accuracy of these blobs is about 0.93
            assertThat(accuracy).isGreaterThan(0.90);
            double[] p = new double[3];
            int best = model.predict(new double[] {3, 0}, NONE, p);
            assertThat(best).isEqualTo(1);
            assertThat(p[0] + p[1] + p[2]).isCloseTo(1.0, within(1e-12));
        }

        @Test
        @DisplayName("breast-cancer, streamed in a seeded order: above 92% prequential accuracy in the first pass")
        void realData() {
            LabeledData data = TestData.breastCancer();
            OnlineSchema schema = OnlineSchema.infer(data.table(), "diagnosis");
            IncrementalModel model = IncrementalModel.create(schema, Optimizer.ftrl());
            double[][] columns = schema.numeric().stream().map(c -> data.table().numeric(c).orElseThrow())
                    .toArray(double[][]::new);
            List<Integer> order = new ArrayList<>();
            for (int r = 0; r < data.rowCount(); r++) {
                order.add(r);
            }
            java.util.Collections.shuffle(order, new java.util.Random(7));
            double[] p = new double[2];
            int right = 0;
            for (int epoch = 0; epoch < 3; epoch++) {
                for (int r : order) {
                    double[] x = new double[columns.length];
                    for (int j = 0; j < x.length; j++) {
                        x[j] = columns[j][r];
                    }
                    int label = schema.labelIndex(data.labels().get(r));
                    if (model.learn(x, NONE, label, p) == label && epoch == 0) {
                        right++;
                    }
                }
            }
            assertThat((double) right / data.rowCount()).as("first pass, prequential").isGreaterThan(0.92);
        }

        @Test
        @DisplayName("L1 makes FTRL's weights of irrelevant features exactly zero (λ1 on the scale of the summed gradients)")
        void sparsity() {
            OnlineSchema schema = OnlineSchema.of("y", List.of("0", "1"), Streams.names("x", 6));
            IncrementalModel model = IncrementalModel.create(schema, Optimizer.ftrl(0.1, 1, 40, 0));
            SplittableRandom random = new SplittableRandom(3);
            double[] p = new double[2];
            for (int i = 0; i < 5_000; i++) {
                double[] x = new double[6];
                for (int j = 0; j < 6; j++) {
                    x[j] = random.nextDouble();
                }
                model.learn(x, NONE, x[0] + x[1] > 1 ? 1 : 0, p);
            }
            double[] w = model.snapshot().weights();
            assertThat(w[0]).isPositive();
            assertThat(w[1]).isPositive();
            assertThat(Arrays.copyOfRange(w, 2, 6)).containsOnly(0.0);
        }

        @Test
        @DisplayName("a categorical column hashed into buckets carries the label; the bucket follows the documented XXH64 formula")
        void hashing() {
            OnlineSchema schema = OnlineSchema.of("y", List.of("no", "yes"), List.of("x"))
                    .withCategorical(List.of("country"), 64).withHashSeed(9);
            IncrementalModel model = IncrementalModel.create(schema, Optimizer.ftrl());
            SplittableRandom random = new SplittableRandom(4);
            String[] countries = {"NZ", "FR", "JP", "BR", "ZA", "Ünïcödé"};
            double[] p = new double[2];
            for (int i = 0; i < 10_000; i++) {
                int c = random.nextInt(countries.length);
                model.learn(new double[] {random.nextDouble()}, new String[] {countries[c]}, c % 2, p);
            }
            for (int c = 0; c < countries.length; c++) {
                assertThat(model.predict(new double[] {0.5}, new String[] {countries[c]}, p)).as(countries[c])
                        .isEqualTo(c % 2);
            }
            long columnSeed = UnitHash.xxh64("country", 9);
            int bucket = (int) Long.remainderUnsigned(UnitHash.xxh64("NZ", columnSeed), 64);
            double[] w = model.snapshot().weights();
            // NZ is labelled "no": its bucket's weight pushes towards the first label
            assertThat(w[1 + bucket]).isNegative();
        }

        @Test
        @DisplayName("a mini-batch of one is exactly an incremental step, bit for bit")
        void miniBatchOfOne() {
            List<Streams.Row> rows = Streams.sea(2, 0.1, 3_000, 8);
            IncrementalModel stepwise = IncrementalModel.create(SEA, Optimizer.ftrl());
            IncrementalModel batched = IncrementalModel.create(SEA, Optimizer.ftrl());
            double[] p = new double[2];
            double[] q = new double[2];
            for (Streams.Row row : rows) {
                stepwise.learn(row.x(), NONE, row.label(), p);
                batched.accumulate(row.x(), NONE, row.label(), q);
                batched.applyBatch();
                assertThat(q).containsExactly(p);
            }
            assertThat(batched.snapshot().weights()).containsExactly(stepwise.snapshot().weights());
            assertThat(batched.updates()).isEqualTo(3_000);
        }

        @Test
        @DisplayName("mini-batches of 32 take one step per batch and still learn")
        void miniBatches() {
            IncrementalModel model = IncrementalModel.create(SEA, Optimizer.adaGrad(0.5, 1e-8, 0));
            double[] p = new double[2];
            int right = 0;
            List<Streams.Row> rows = Streams.sea(3, 0.1, 40_000, 8);
            for (int i = 0; i < rows.size(); i++) {
                if (model.accumulate(rows.get(i).x(), NONE, rows.get(i).label(), p) == rows.get(i).label() && i >= 20_000) {
                    right++;
                }
                if ((i + 1) % 32 == 0) {
                    model.applyBatch();
                }
            }
            assertThat(model.updates()).isEqualTo(40_000 / 32);
            assertThat(right / 20_000.0).isGreaterThan(0.86);
        }
    }

    @Nested
    @DisplayName("snapshots and artifacts")
    class Snapshots {

        @Test
        @DisplayName("the probabilities learn() reports before its step are bit for bit those of a snapshot taken just before")
        void prequentialMatchesSnapshot() {
            OnlineSchema schema = OnlineSchema.of("y", List.of("a", "b", "c"), Streams.names("x", 2))
                    .withCategorical(List.of("tag"), 16);
            IncrementalModel model = IncrementalModel.create(schema, Optimizer.ftrl());
            SplittableRandom random = new SplittableRandom(8);
            double[] before = new double[3];
            double[] served = new double[3];
            for (Streams.Row row : Streams.blobs(9, 2_000)) {
                String[] tag = {random.nextBoolean() ? "t" + random.nextInt(5) : null};
                double[] x = random.nextInt(10) == 0 ? new double[] {Double.NaN, row.x()[1]} : row.x();
                OnlineModel snapshot = model.snapshot();
                snapshot.predict(x, tag, served);
                model.learn(x, tag, row.label(), before);
                assertThat(before).containsExactly(served);
            }
        }

        @Test
        @DisplayName("an artifact reads back to the same numbers and predictions, and can continue learning identically")
        void roundTrip() {
            assertThat(SEA.withCategorical(List.of("c")).hashBuckets()).isEqualTo(OnlineSchema.DEFAULT_BUCKETS);
            assertThat(SEA.withCategorical(List.of()).hashBuckets()).isZero();
            OnlineSchema schema = SEA.withCategorical(List.of("c"), 8);
            IncrementalModel model = IncrementalModel.create(schema, Optimizer.adaGrad());
            double[] p = new double[2];
            List<Streams.Row> rows = Streams.sea(4, 0.1, 2_000, 8);
            for (Streams.Row row : rows.subList(0, 1_000)) {
                model.learn(row.x(), new String[] {"k" + (row.label() + (int) row.x()[2])}, row.label(), p);
            }
            byte[] bytes = model.snapshot().toBytes();
            OnlineModel read = OnlineModel.fromBytes(bytes);
            assertThat(read.toBytes()).isEqualTo(bytes);
            assertThat(OnlineModelFormat.of().read(bytes).toBytes()).isEqualTo(bytes);
            assertThat(OnlineModelFormat.of().name()).isEqualTo("mlops-online-model");
            assertThat(read.labels()).containsExactly("0", "1");
            assertThat(read.schema()).isEqualTo(schema);
            assertThat(read.optimizer()).isEqualTo(Optimizer.adaGrad());
            IncrementalModel resumed = IncrementalModel.from(read);
            assertThat(resumed.optimizer()).isEqualTo(Optimizer.adaGrad());
            assertThat(resumed.schema()).isEqualTo(schema);
            double[] q = new double[2];
            for (Streams.Row row : rows.subList(1_000, 2_000)) {
                String[] c = {"k" + (row.label() + (int) row.x()[2])};
                model.learn(row.x(), c, row.label(), p);
                resumed.learn(row.x(), c, row.label(), q);
                assertThat(q).containsExactly(p);
            }
        }

        @Test
        @DisplayName("foreign, truncated and padded bytes are refused with a reason")
        void malformed() {
            byte[] bytes = IncrementalModel.create(SEA, Optimizer.ftrl()).snapshot().toBytes();
            assertThatThrownBy(() -> OnlineModel.fromBytes("PK\u0003\u0004 not a model".getBytes()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("magic");
            assertThatThrownBy(() -> OnlineModel.fromBytes(Arrays.copyOf(bytes, bytes.length - 9)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("mlops-online-model");
            assertThatThrownBy(() -> OnlineModel.fromBytes(Arrays.copyOf(bytes, bytes.length + 3)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unexpected bytes");
            byte[] future = bytes.clone();
            future[9] = 7;
            assertThatThrownBy(() -> OnlineModel.fromBytes(future))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("version 7");
        }

        @Test
        @DisplayName("as a Classifier it predicts a table exactly as it predicts each row")
        void classifierView() {
            OnlineSchema schema = OnlineSchema.of("y", List.of("0", "1"), Streams.names("x", 3))
                    .withCategorical(List.of("g"), 32);
            IncrementalModel model = IncrementalModel.create(schema, Optimizer.ftrl());
            List<Map<String, Object>> rows = new ArrayList<>();
            double[] p = new double[2];
            SplittableRandom random = new SplittableRandom(6);
            for (Streams.Row row : Streams.sea(5, 0.1, 3_000, 8)) {
                String g = random.nextInt(8) == 0 ? null : "g" + random.nextInt(4);
                double[] x = row.x().clone();
                if (random.nextInt(20) == 0) {
                    x[2] = Double.NaN;
                }
                model.learn(x, new String[] {g}, row.label(), p);
                Map<String, Object> map = new HashMap<>();
                map.put("x1", x[0]);
                map.put("x2", x[1]);
                map.put("x3", Double.isNaN(x[2]) ? null : x[2]);
                map.put("g", g);
                map.put("y", Integer.toString(row.label()));
                rows.add(map);
            }
            LabeledData data = LabeledData.fromRows(rows.subList(0, 500), "y");
            OnlineModel snapshot = model.snapshot();
            Predictions direct = snapshot.predict(data.table(), "rows");
            Classifier classifier = snapshot;
            Predictions viewed = classifier.predict(data.table(), "rows");
            for (int r = 0; r < direct.size(); r++) {
                assertThat(viewed.label(r)).isEqualTo(direct.label(r));
                assertThat(viewed.probability(r, "1")).isCloseTo(direct.probability(r, "1"), within(1e-12));
                assertThat(snapshot.predict(rows.get(r)).probability("1")).isEqualTo(direct.probability(r, "1"));
            }
        }

        @Test
        @DisplayName("a snapshot tells what it learned from: examples, steps, each column's mean, its feature columns")
        void whatItLearned() {
            OnlineSchema schema = SEA.withCategorical(List.of("c"), 8);
            IncrementalModel model = IncrementalModel.create(schema, Optimizer.ftrl());
            double[] p = new double[2];
            double[] sums = new double[3];
            List<Streams.Row> rows = Streams.sea(10, 0.1, 1_000, 8);
            for (Streams.Row row : rows) {
                model.learn(row.x(), new String[] {"k"}, row.label(), p);
                for (int j = 0; j < 3; j++) {
                    sums[j] += row.x()[j];
                }
            }
            assertThat(model.examples()).isEqualTo(1_000);
            OnlineModel snapshot = model.snapshot();
            assertThat(snapshot.examples()).isEqualTo(1_000);
            assertThat(snapshot.updates()).isEqualTo(1_000);
            for (int j = 0; j < 3; j++) {
                assertThat(snapshot.means()[j]).isCloseTo(sums[j] / 1_000, within(1e-9));
            }
            assertThat(snapshot.featureColumns()).containsExactly(Map.entry("x1", FeatureType.NUMERIC),
                    Map.entry("x2", FeatureType.NUMERIC), Map.entry("x3", FeatureType.NUMERIC),
                    Map.entry("c", FeatureType.CATEGORICAL));
            assertThat(schema.columns()).containsExactly("x1", "x2", "x3", "c");
            assertThat(schema.labelColumn()).isEqualTo("y");
            assertThat(schema.categorical()).containsExactly("c");
            assertThat(schema.hashBuckets()).isEqualTo(8);
            assertThat(schema.withHashSeed(5).hashSeed()).isEqualTo(5);
            assertThat(schema.dimension()).as("numeric, buckets, bias").isEqualTo(3 + 8 + 1);
            assertThat(snapshot.weights()).hasSize(schema.dimension());
        }

        @Test
        @DisplayName("schema copies: another positive class, and without standardization the raw values meet the weights")
        void schemaCopies() {
            OnlineSchema negative = SEA.withPositiveClass("0");
            assertThat(negative.positiveClass()).contains("0");
            assertThat(SEA.positiveClass()).contains("1");
            assertThat(IncrementalModel.create(negative, Optimizer.ftrl()).snapshot().positiveClass()).contains("0");
            assertThatThrownBy(() -> SEA.withPositiveClass("maybe")).hasMessageContaining("as positive class");

            OnlineSchema raw = SEA.withStandardization(false);
            assertThat(raw.standardize()).isFalse();
            assertThat(SEA.standardize()).isTrue();
            IncrementalModel model = IncrementalModel.create(raw, Optimizer.ftrl());
            prequential(model, Streams.sea(11, 0.1, 2_000, 8), 0);
            double[] w = model.snapshot().weights();
            double[] p = new double[2];
            double[] x = {2, 3, 4};
            double logOdds = w[3] + w[0] * x[0] + w[1] * x[1] + w[2] * x[2];
            model.predict(x, NONE, p);
            assertThat(p[1]).isCloseTo(1 / (1 + Math.exp(-logOdds)), within(1e-12));
        }

        @Test
        @DisplayName("inputs of the wrong shape, infinite values and unknown labels are refused")
        void refusals() {
            IncrementalModel model = IncrementalModel.create(SEA, Optimizer.ftrl());
            double[] p = new double[2];
            assertThatThrownBy(() -> model.learn(new double[2], NONE, 0, p)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("expected 3 numeric");
            assertThatThrownBy(() -> model.learn(new double[] {1, Double.POSITIVE_INFINITY, 0}, NONE, 0, p))
                    .hasMessageContaining("'x2' is infinite");
            assertThatThrownBy(() -> model.learn(new double[3], NONE, 2, p)).hasMessageContaining("label index 2");
            assertThatThrownBy(() -> SEA.labelIndex("maybe")).hasMessageContaining("'maybe' is not one of [0, 1]");
            assertThatThrownBy(() -> OnlineSchema.of("y", List.of("a"), List.of("x")))
                    .hasMessageContaining("at least two labels");
            assertThatThrownBy(() -> Optimizer.ftrl(0, 1, 0, 0)).hasMessageContaining("alpha must be positive");
            DataTable table = DataTable.builder().numeric("x1", new double[] {1}).build();
            assertThatThrownBy(() -> model.snapshot().predict(table, "t")).hasMessageContaining("missing feature columns");
            assertThatThrownBy(() -> model.snapshot().predict(java.util.Map.of("x1", 1.0, "x3", 0.5)))
                    .hasMessageContaining("column 'x2'").hasMessageContaining("map the column to null");
        }
    }
}
