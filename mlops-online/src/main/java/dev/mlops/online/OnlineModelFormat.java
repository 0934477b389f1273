package dev.mlops.online;

import dev.mlops.model.ClassifierFormat;

/**
 * The registry format of {@link OnlineModel}s, {@value #NAME}; the layout is documented on
 * {@link OnlineModel}. All instances are equal, so the registry's cache shares models.
 *
 * <pre>{@code
 * OnlineModel model = registry.load("clicks@production", OnlineModelFormat.of());
 * }</pre>
 */
public record OnlineModelFormat() implements ClassifierFormat<OnlineModel> {

    /** The format name recorded with versions: {@value}. */
    public static final String NAME = "mlops-online-model";

    /** The format. */
    public static OnlineModelFormat of() {
        return new OnlineModelFormat();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public OnlineModel read(byte[] verifiedBytes) {
        return OnlineModel.fromBytes(verifiedBytes);
    }
}
