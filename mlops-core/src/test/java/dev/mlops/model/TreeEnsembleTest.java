package dev.mlops.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TreeEnsembleTest {

    private static final List<String> FEATURES = List.of("a", "b", "c", "d", "e");

    /** Splits a ≤ 1 at the root, then b ≤ 2; leaves 30 (right of the root), 10 and 20. */
    private static Tree small(double[] missingRight) {
        return new Tree(new int[] {0, 1, -1, -1, -1}, new double[] {1, 2, 0, 0, 0}, new int[] {1, 3, -1, -1, -1},
                new int[] {2, 4, -1, -1, -1}, new boolean[] {false, true, false, false, false},
                new double[] {10, 6, 4, 2, 4}, missingRight);
    }

    @Test
    void rowsFollowTheSplitRuleAndMissingValuesTheirDefaultSide() {
        Tree tree = small(new double[] {0, 0, 30, 10, 20});
        TreeEnsemble leq = new TreeEnsemble(FEATURES, List.of("n", "y"), List.of(tree), new double[] {0.5},
                TreeEnsemble.Split.LESS_OR_EQUAL, TreeEnsemble.Combine.SUM, TreeEnsemble.Transform.LOGISTIC, false);
        assertEquals(10.5, leq.scores(new double[] {1, 1, 0, 0, 0})[0]);
        assertEquals(20.5, leq.scores(new double[] {1, 2.5, 0, 0, 0})[0]);
        assertEquals(10.5, leq.scores(new double[] {1, 2, 0, 0, 0})[0]);
        assertEquals(30.5, leq.scores(new double[] {1.5, 1, 0, 0, 0})[0]);
        assertEquals(30.5, leq.scores(new double[] {Double.NaN, 1, 0, 0, 0})[0], "node 0 sends missing right");
        assertEquals(10.5, leq.scores(new double[] {0, Double.NaN, 0, 0, 0})[0], "node 1 sends missing left");
        TreeEnsemble less = new TreeEnsemble(FEATURES, List.of("n", "y"), List.of(tree), new double[] {0.5},
                TreeEnsemble.Split.LESS, TreeEnsemble.Combine.SUM, TreeEnsemble.Transform.LOGISTIC, false);
        assertEquals(30.5, less.scores(new double[] {1, 1, 0, 0, 0})[0]);
        double[] p = leq.probabilities(new double[] {1, 1, 0, 0, 0});
        assertEquals(1 / (1 + Math.exp(-10.5)), p[1]);
        assertEquals(1 - p[1], p[0]);
    }

    @Test
    void float32RoundsTheRowLikeXGBoost() {
        // 0.1 as a double is below the float nearest 0.1, which is the threshold
        Tree tree = new Tree(new int[] {0, -1, -1}, new double[] {0.1f, 0, 0}, new int[] {1, -1, -1},
                new int[] {2, -1, -1}, new boolean[3], new double[] {2, 1, 1}, new double[] {0, 1, 2});
        TreeEnsemble doubles = new TreeEnsemble(List.of("x"), List.of("n", "y"), List.of(tree), new double[] {0},
                TreeEnsemble.Split.LESS, TreeEnsemble.Combine.SUM, TreeEnsemble.Transform.LOGISTIC, false);
        TreeEnsemble floats = new TreeEnsemble(List.of("x"), List.of("n", "y"), List.of(tree), new double[] {0},
                TreeEnsemble.Split.LESS, TreeEnsemble.Combine.SUM, TreeEnsemble.Transform.LOGISTIC, true);
        assertEquals(1, doubles.scores(new double[] {0.1})[0]);
        assertEquals(2, floats.scores(new double[] {0.1})[0]);
    }

    @Test
    void aForestVotesWithItsLeafDistributionsAndScoresTheirMean() {
        Tree first = new Tree(new int[] {0, -1, -1}, new double[] {0, 0, 0}, new int[] {1, -1, -1},
                new int[] {2, -1, -1}, new boolean[3], new double[] {2, 1, 1}, new double[] {0, 0, 1, 0, 0.25, 0.75});
        Tree second = new Tree(new int[] {-1}, new double[] {0}, new int[] {-1}, new int[] {-1}, new boolean[1],
                new double[] {2}, new double[] {0.5, 0.5});
        TreeEnsemble forest = new TreeEnsemble(List.of("x"), List.of("n", "y"), List.of(first, second),
                new double[] {0, 0}, TreeEnsemble.Split.LESS_OR_EQUAL, TreeEnsemble.Combine.AVERAGE,
                TreeEnsemble.Transform.NORMALIZE, false);
        assertArrayEquals(new double[] {0.75, 0.25}, forest.probabilities(new double[] {-1}));
        assertArrayEquals(new double[] {0.375, 0.625}, forest.probabilities(new double[] {1}));
        assertArrayEquals(new double[] {0.375, 0.625}, forest.scores(new double[] {1}));
    }

    @Test
    void malformedTreesAndEnsemblesAreRefusedNamingTheProblem() {
        IllegalArgumentException backwards = assertThrows(IllegalArgumentException.class, () -> new Tree(
                new int[] {0, 0}, new double[2], new int[] {1, 0}, new int[] {1, 0}, new boolean[2], new double[2],
                new double[2]));
        assertTrue(backwards.getMessage().contains("node 1"), backwards.getMessage());
        IllegalArgumentException outputs = assertThrows(IllegalArgumentException.class, () -> new TreeEnsemble(
                FEATURES, List.of("n", "y"), List.of(small(new double[5])), new double[] {0, 0},
                TreeEnsemble.Split.LESS, TreeEnsemble.Combine.SUM, TreeEnsemble.Transform.LOGISTIC, false));
        assertTrue(outputs.getMessage().contains("needs 1 outputs"), outputs.getMessage());
        IllegalArgumentException feature = assertThrows(IllegalArgumentException.class, () -> new TreeEnsemble(
                List.of("a"), List.of("n", "y"), List.of(small(new double[5])), new double[] {0},
                TreeEnsemble.Split.LESS, TreeEnsemble.Combine.SUM, TreeEnsemble.Transform.LOGISTIC, false));
        assertTrue(feature.getMessage().contains("splits on feature 1"), feature.getMessage());
    }

    @Test
    void treeShapEqualsTheBruteForceShapleyValuesOfThePathDependentExpectation() {
        Random random = new Random(17);
        for (int trial = 0; trial < 200; trial++) {
            int outputs = 1 + random.nextInt(3);
            List<Tree> trees = new ArrayList<>();
            for (int t = 0, n = 1 + random.nextInt(3); t < n; t++) {
                trees.add(randomTree(random, 1 + random.nextInt(5), outputs));
            }
            boolean average = random.nextBoolean();
            TreeEnsemble ensemble = new TreeEnsemble(FEATURES,
                    outputs == 1 ? List.of("n", "y") : IntStream.range(0, outputs).mapToObj(k -> "c" + k).toList(),
                    trees, random.doubles(outputs).toArray(), TreeEnsemble.Split.LESS_OR_EQUAL,
                    average ? TreeEnsemble.Combine.AVERAGE : TreeEnsemble.Combine.SUM,
                    outputs == 1 ? TreeEnsemble.Transform.LOGISTIC : TreeEnsemble.Transform.SOFTMAX, false);
            double[] x = random.doubles(FEATURES.size()).toArray();
            if (random.nextInt(4) == 0) {
                x[random.nextInt(x.length)] = Double.NaN;
            }
            Contributions fast = ensemble.contributions(x);
            double[][] exact = bruteForce(ensemble, x);
            double[] scores = ensemble.scores(x);
            for (int k = 0; k < outputs; k++) {
                assertArrayEquals(exact[k], fast.values()[k], 1e-12, "trial " + trial + " output " + k);
                assertEquals(scores[k], fast.total(fast.outputs().get(k)), 1e-12, "additivity, trial " + trial);
            }
        }
    }

    @Test
    void coversCountedFromRowsMakeContributionsOfTreesThatKeepNone() {
        Tree bare = new Tree(new int[] {0, 1, -1, -1, -1}, new double[] {1, 2, 0, 0, 0}, new int[] {1, 3, -1, -1, -1},
                new int[] {2, 4, -1, -1, -1}, new boolean[5], new double[0], new double[] {0, 0, 30, 10, 20});
        TreeEnsemble ensemble = new TreeEnsemble(FEATURES, List.of("n", "y"), List.of(bare), new double[] {0},
                TreeEnsemble.Split.LESS_OR_EQUAL, TreeEnsemble.Combine.SUM, TreeEnsemble.Transform.LOGISTIC, false);
        assertThrows(IllegalStateException.class, () -> ensemble.contributions(new double[5]));
        List<double[]> rows = List.of(new double[] {0, 0, 0, 0, 0}, new double[] {0, 3, 0, 0, 0},
                new double[] {0, 3, 0, 0, 0}, new double[] {5, 0, 0, 0, 0});
        TreeEnsemble counted = ensemble.withCovers(rows);
        assertArrayEquals(new double[] {4, 3, 1, 1, 2}, counted.trees().get(0).cover());
        Contributions c = counted.contributions(new double[] {0, 0, 0, 0, 0});
        // expected value: the mean over the rows, (10 + 20 + 20 + 30) / 4
        assertEquals(20, c.expected()[0], 1e-12);
        assertEquals(10, c.total("y"), 1e-12);
    }

    /** A random tree of the given depth at most, splitting on any feature (repeats included). */
    private static Tree randomTree(Random random, int depth, int outputs) {
        List<int[]> shape = new ArrayList<>(); // feature, left, right, depth
        List<Double> thresholds = new ArrayList<>();
        shape.add(new int[] {-1, -1, -1, 0});
        thresholds.add(0.0);
        for (int n = 0; n < shape.size(); n++) {
            if (shape.get(n)[3] < depth && random.nextInt(5) > 0) {
                shape.get(n)[0] = random.nextInt(FEATURES.size());
                thresholds.set(n, random.nextDouble());
                shape.get(n)[1] = shape.size();
                shape.add(new int[] {-1, -1, -1, shape.get(n)[3] + 1});
                thresholds.add(0.0);
                shape.get(n)[2] = shape.size();
                shape.add(new int[] {-1, -1, -1, shape.get(n)[3] + 1});
                thresholds.add(0.0);
            }
        }
        int nodes = shape.size();
        double[] cover = new double[nodes];
        for (int n = nodes - 1; n >= 0; n--) {
            int[] s = shape.get(n);
            cover[n] = s[1] < 0 ? 1 + random.nextInt(20) : cover[s[1]] + cover[s[2]];
        }
        boolean[] missingLeft = new boolean[nodes];
        for (int n = 0; n < nodes; n++) {
            missingLeft[n] = random.nextBoolean();
        }
        return new Tree(shape.stream().mapToInt(s -> s[0]).toArray(),
                thresholds.stream().mapToDouble(Double::doubleValue).toArray(),
                shape.stream().mapToInt(s -> s[1]).toArray(), shape.stream().mapToInt(s -> s[2]).toArray(), missingLeft,
                cover, random.doubles((long) nodes * outputs, -1, 1).toArray());
    }

    /** Shapley values by enumerating every coalition of features. */
    private static double[][] bruteForce(TreeEnsemble ensemble, double[] x) {
        int m = ensemble.features().size();
        double[][] phi = new double[ensemble.outputs()][m];
        double[] factorial = new double[m + 1];
        factorial[0] = 1;
        for (int i = 1; i <= m; i++) {
            factorial[i] = factorial[i - 1] * i;
        }
        for (int k = 0; k < ensemble.outputs(); k++) {
            for (int j = 0; j < m; j++) {
                for (int s = 0; s < 1 << m; s++) {
                    if ((s & 1 << j) != 0) {
                        continue;
                    }
                    int size = Integer.bitCount(s);
                    double weight = factorial[size] * factorial[m - size - 1] / factorial[m];
                    phi[k][j] += weight * (value(ensemble, x, s | 1 << j, k) - value(ensemble, x, s, k));
                }
            }
        }
        return phi;
    }

    private static double value(TreeEnsemble ensemble, double[] x, int coalition, int k) {
        double sum = 0;
        for (Tree tree : ensemble.trees()) {
            sum += conditional(ensemble, tree, 0, x, coalition, k);
        }
        return ensemble.combine() == TreeEnsemble.Combine.AVERAGE ? sum / ensemble.trees().size() : sum;
    }

    private static double conditional(TreeEnsemble ensemble, Tree tree, int n, double[] x, int coalition, int k) {
        if (tree.isLeaf(n)) {
            return tree.value()[n * tree.outputs() + k];
        }
        if ((coalition & 1 << tree.feature()[n]) != 0) {
            return conditional(ensemble, tree, tree.next(n, x, ensemble.split(), false), x, coalition, k);
        }
        int l = tree.left()[n];
        int r = tree.right()[n];
        double w = tree.cover()[l] / (tree.cover()[l] + tree.cover()[r]);
        return w * conditional(ensemble, tree, l, x, coalition, k)
                + (1 - w) * conditional(ensemble, tree, r, x, coalition, k);
    }
}
