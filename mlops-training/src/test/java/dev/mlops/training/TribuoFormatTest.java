package dev.mlops.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.baseline.DummyClassifierTrainer;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.tribuo.regression.Regressor;

class TribuoFormatTest {

    private static Model<Label> constant(String label) {
        MutableDataset<Label> data = new MutableDataset<>(
                new SimpleDataSourceProvenance("test", new LabelFactory()), new LabelFactory());
        data.add(new ArrayExample<>(new Label(label), new String[] {"x"}, new double[] {1}));
        return DummyClassifierTrainer.createConstantTrainer(label).train(data);
    }

    @Test
    @DisplayName("a model survives the protobuf round trip with its provenance")
    void roundTrip() {
        Model<Label> model = constant("yes");
        Model<Label> read = TribuoFormat.of(Label.class).read(TribuoFormat.toBytes(model));
        assertThat(read.getProvenance()).isEqualTo(model.getProvenance());
        assertThat(read.predict(new ArrayExample<>(new Label("?"), new String[] {"x"}, new double[] {3}))
                .getOutput().getLabel()).isEqualTo("yes");
    }

    @Test
    @DisplayName("bytes that are not a model, or a model of another output type, are refused")
    void refusals() {
        assertThatThrownBy(() -> TribuoFormat.of(Label.class).read(new byte[] {1, 2, 3}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Tribuo");
        byte[] labelModel = TribuoFormat.toBytes(constant("a"));
        assertThatThrownBy(() -> TribuoFormat.of(Regressor.class).read(labelModel))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Regressor");
    }

    @Test
    @DisplayName("formats for the same output type are equal, so the cache shares their models")
    void equality() {
        assertThat(TribuoFormat.of(Label.class)).isEqualTo(TribuoFormat.of(Label.class));
    }
}
