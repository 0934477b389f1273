package dev.mlops.tck;

import dev.mlops.core.TribuoFormat;
import java.util.Random;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.baseline.DummyClassifierTrainer;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/** Artifacts for the suites: random bytes and small real Tribuo models. */
public final class TckModels {

    private TckModels() {
    }

    /** Reproducible pseudo-random bytes. */
    public static byte[] bytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    /** A Tribuo classifier that always predicts {@code label}, in Tribuo's protobuf format. */
    public static byte[] constantClassifier(String label) {
        MutableDataset<Label> data = new MutableDataset<>(
                new SimpleDataSourceProvenance("tck", new LabelFactory()), new LabelFactory());
        data.add(new ArrayExample<>(new Label(label), new String[] {"x"}, new double[] {1.0}));
        Model<Label> model = DummyClassifierTrainer.createConstantTrainer(label).train(data);
        return TribuoFormat.toBytes(model);
    }
}
