package dev.mlops.onnx;

import dev.mlops.model.ClassifierFormat;

/**
 * The registry format of ONNX classifiers, {@value #NAME}: the artifact is the {@code .onnx} file as
 * exported. Listed for {@link java.util.ServiceLoader}, so {@link dev.mlops.model.Classifiers#format()}
 * reads these versions once this module is on the class path. All instances are equal, so the
 * registry's cache shares the loaded model (and its ONNX Runtime session) and closes it when evicted.
 *
 * <pre>{@code
 * registry.register(RegisterRequest.builder("credit", ArtifactSource.of(Path.of("credit.onnx")))
 *         .format(OnnxFormat.NAME).build());
 * Classifier model = Classifiers.load(registry, "credit:1");
 * }</pre>
 */
public record OnnxFormat() implements ClassifierFormat<OnnxClassifier> {

    /** The format name recorded with versions: {@value}. */
    public static final String NAME = "onnx";

    /** The format. */
    public static OnnxFormat of() {
        return new OnnxFormat();
    }

    @Override
    public String name() {
        return NAME;
    }

    /**
     * {@inheritDoc} See {@link OnnxClassifier#read}.
     *
     * @throws dev.mlops.MlopsConfigurationException when ONNX Runtime's native library cannot load on this platform
     */
    @Override
    public OnnxClassifier read(byte[] verifiedBytes) {
        return OnnxClassifier.read(verifiedBytes);
    }
}
