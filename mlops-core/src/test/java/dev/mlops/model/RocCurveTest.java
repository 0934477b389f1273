package dev.mlops.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("ROC curves: scikit-learn's points, their area, thinning, and refusals")
class RocCurveTest {

    @Test
    @DisplayName("a perfect ranking goes straight up, then across; its area is 1")
    void perfect() {
        RocCurve curve = RocCurve.of("yes", new boolean[] {true, true, false, false},
                new double[] {0.9, 0.8, 0.3, 0.1});
        assertThat(curve.falsePositiveRate()).containsExactly(0.0, 0.0, 0.0, 1.0);
        assertThat(curve.truePositiveRate()).containsExactly(0.0, 0.5, 1.0, 1.0);
        assertThat(curve.thresholds()).containsExactly(Double.POSITIVE_INFINITY, 0.9, 0.8, 0.1);
        assertThat(curve.area()).isEqualTo(1.0);
    }

    @Test
    @DisplayName("tied scores make one point; points on an evenly stepped straight stretch are dropped")
    void tiesAndDrops() {
        RocCurve tied = RocCurve.of("yes", new boolean[] {true, false, true, false}, new double[] {0.5, 0.5, 0.5, 0.5});
        assertThat(tied.falsePositiveRate()).containsExactly(0.0, 1.0);
        assertThat(tied.area()).isEqualTo(0.5);
        // scores 4,3,2,1 with actual +,+,+,-: the points after the 2nd and 3rd rows lie on the first stretch
        RocCurve stepped = RocCurve.of("yes", new boolean[] {true, true, true, false}, new double[] {4, 3, 2, 1});
        assertThat(stepped.truePositiveRate()).containsExactly(0.0, 1.0 / 3, 1.0, 1.0);
        assertThat(stepped.thresholds()).containsExactly(Double.POSITIVE_INFINITY, 4.0, 2.0, 1.0);
    }

    @Test
    @DisplayName("from predictions, the positive class's probability is the score")
    void fromPredictions() {
        Predictions predictions = new Predictions(List.of("bad", "good"), Optional.of("bad"),
                new double[][] {{0.9, 0.1}, {0.2, 0.8}, {0.6, 0.4}, {0.3, 0.7}});
        RocCurve curve = RocCurve.of(predictions, List.of("bad", "good", "good", "bad"));
        assertThat(curve.positiveClass()).isEqualTo("bad");
        List<String> actual = List.of("bad", "good", "good", "bad");
        assertThat(curve.area()).isCloseTo(ClassificationMetrics.of(predictions, actual).auc(), within(1e-12));
    }

    @Test
    @DisplayName("thinning keeps the ends and at most the number of points asked for")
    void thinned() {
        int n = 1000;
        boolean[] positive = new boolean[n];
        double[] scores = new double[n];
        java.util.Random random = new java.util.Random(5);
        for (int i = 0; i < n; i++) {
            positive[i] = random.nextBoolean();
            scores[i] = random.nextGaussian() + (positive[i] ? 1 : 0);
        }
        RocCurve curve = RocCurve.of("p", positive, scores);
        RocCurve thin = curve.thinned(50);
        assertThat(curve.size()).isGreaterThan(50);
        assertThat(thin.size()).isEqualTo(50);
        assertThat(thin.falsePositiveRate().get(0)).isZero();
        assertThat(thin.truePositiveRate().get(49)).isEqualTo(1.0);
        assertThat(thin.area()).isCloseTo(curve.area(), within(0.01));
        assertThat(thin.thinned(100)).isSameAs(thin);
        assertThatThrownBy(() -> curve.thinned(1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got 1");
    }

    @Test
    @DisplayName("one class only, a multiclass model, unequal lengths or a NaN score are refused with the reason")
    void refused() {
        assertThatThrownBy(() -> RocCurve.of("p", new boolean[] {true, true}, new double[] {0.1, 0.2}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("both classes");
        Predictions three = new Predictions(List.of("a", "b", "c"), Optional.empty(), new double[][] {{0.2, 0.3, 0.5}});
        assertThatThrownBy(() -> RocCurve.of(three, List.of("a")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("binary");
        assertThatThrownBy(() -> RocCurve.of("p", new boolean[] {true}, new double[] {0.1, 0.2}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 classes for 2 scores");
        assertThatThrownBy(() -> RocCurve.of("p", new boolean[] {true, false}, new double[] {Double.NaN, 0.2}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("row 0");
        assertThatThrownBy(() -> new RocCurve("p", List.of(0.0), List.of(0.0), List.of(1.0)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
