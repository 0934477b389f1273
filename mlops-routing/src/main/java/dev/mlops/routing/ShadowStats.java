package dev.mlops.routing;

/**
 * How a shadow model compares with what was served.
 *
 * @param model    the shadow model's registry reference
 * @param mirrored request copies offered to the shadow
 * @param dropped  copies dropped because the shadow's queue was full
 * @param compared copies the shadow answered
 * @param agreed   answers that agreed with the served result
 * @param failed   copies whose shadow prediction threw
 */
public record ShadowStats(String model, long mirrored, long dropped, long compared, long agreed, long failed) {

    /** agreed / compared, NaN before any comparison. */
    public double agreementRate() {
        return compared == 0 ? Double.NaN : (double) agreed / compared;
    }
}
