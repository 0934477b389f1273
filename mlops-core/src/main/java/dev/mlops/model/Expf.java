package dev.mlops.model;

/**
 * The {@code float} exponential as the GNU C library (2.27 and later) computes it, which XGBoost's
 * native code calls: a 32-entry table of {@code 2^(i/32)} and a cubic polynomial in {@code double}
 * (Szabolcs Nagy's algorithm, shared by glibc and musl). Unlike {@code (float) Math.exp(x)}, which is
 * rounded once from a more exact value, it reproduces that library's last bit.
 */
final class Expf {

    /** {@code bits(2^(i/32)) - (i << 47)}: 2^(k/32) for any k is {@code TABLE[k mod 32] + (k << 47)} as bits. */
    private static final long[] TABLE = {
        0x3ff0000000000000L, 0x3fefd9b0d3158574L, 0x3fefb5586cf9890fL, 0x3fef9301d0125b51L,
        0x3fef72b83c7d517bL, 0x3fef54873168b9aaL, 0x3fef387a6e756238L, 0x3fef1e9df51fdee1L,
        0x3fef06fe0a31b715L, 0x3feef1a7373aa9cbL, 0x3feedea64c123422L, 0x3feece086061892dL,
        0x3feebfdad5362a27L, 0x3feeb42b569d4f82L, 0x3feeab07dd485429L, 0x3feea47eb03a5585L,
        0x3feea09e667f3bcdL, 0x3fee9f75e8ec5f74L, 0x3feea11473eb0187L, 0x3feea589994cce13L,
        0x3feeace5422aa0dbL, 0x3feeb737b0cdc5e5L, 0x3feec49182a3f090L, 0x3feed503b23e255dL,
        0x3feee89f995ad3adL, 0x3feeff76f2fb5e47L, 0x3fef199bdd85529cL, 0x3fef3720dcef9069L,
        0x3fef5818dcfba487L, 0x3fef7c97337b9b5fL, 0x3fefa4afa2a490daL, 0x3fefd0765b6e4540L,
    };
    private static final double N = 32;
    private static final double INV_LN2_N = 0x1.71547652b82fep+0 * N;
    private static final double SHIFT = 0x1.8p+52;
    private static final double C0 = 0x1.c6af84b912394p-5 / N / N / N;
    private static final double C1 = 0x1.ebfce50fac4f3p-3 / N / N;
    private static final double C2 = 0x1.62e42ff0c52d6p-1 / N;

    private Expf() {
    }

    static float exp(float x) {
        if (Float.isNaN(x)) {
            return x;
        }
        if (x > 0x1.62e42ep6f) {
            return Float.POSITIVE_INFINITY;
        }
        if (x < -0x1.9fe368p6f) {
            return 0f;
        }
        // x*N/ln2 = k + r with r in [-1/2, 1/2] and integer k, rounded by adding and removing SHIFT
        double z = INV_LN2_N * x;
        double kd = z + SHIFT;
        long ki = Double.doubleToRawLongBits(kd);
        kd -= SHIFT;
        double r = z - kd;
        // exp(x) = 2^(k/N) * 2^(r/N) ~= s * (C0*r^3 + C1*r^2 + C2*r + 1)
        double s = Double.longBitsToDouble(TABLE[(int) (ki & 31)] + (ki << 47));
        double y = (C0 * r + C1) * (r * r) + (C2 * r + 1);
        return (float) (y * s);
    }
}
